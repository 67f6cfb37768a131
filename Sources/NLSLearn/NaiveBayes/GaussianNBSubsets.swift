import Foundation
import NLSCompute

/// GaussianNB's searchlight fast path (as PyMVPA's GNB searchlight): everything GaussianNB
/// computes is per feature — class means and variances, and the all-sample variance whose
/// maximum over the subset sets epsilon — so one pass over all features per split serves
/// every sphere, and a sphere's accuracy needs only its features' statistics and test
/// values. The sums follow GaussianNB.fit / jointLogLikelihood term by term, so the scores
/// equal fitting GaussianNB on each sphere, bit for bit.
extension GaussianNB: SubsetScoring {
    public func subsetScorer(scoring: Scoring?) -> SubsetScorer? {
        guard scoring == nil || scoring == .accuracy else { return nil }
        return GaussianNBSubsetScorer(varSmoothing: varSmoothing)
    }
}

struct GaussianNBSubsetScorer: SubsetScorer {
    let varSmoothing: Double

    func scores(_ x: NDArray, _ y: NDArray, split: Split, subsets: [[Int]], executor: Executor,
                backend: ComputeBackend) throws -> [Double] {
        let who = "GaussianNB.fit"
        let xtr = x.takingRows(split.train), xte = x.takingRows(split.test)
        let (labels, cls) = try ClassifierSupport.classes(xtr, y.takingRows(split.train), who)
        let truth = try Metrics.labels(y.takingRows(split.test), "accuracy")
        let index = Dictionary(uniqueKeysWithValues: cls.enumerated().map { ($1, $0) })
        var members = [[Int]](repeating: [], count: cls.count)
        for (i, l) in labels.enumerated() { members[index[l]!].append(i) }
        let all = GaussianNB.moments(xtr, rows: Array(0..<xtr.rows)).variance
        let stats = members.map { GaussianNB.moments(xtr, rows: $0) }
        let logPrior = members.map { log(Double($0.count) / Double(xtr.rows)) }
        let blocks = 64
        let parts = try executor.map((subsets.count + blocks - 1) / blocks, backend: backend) { b -> [Double] in
            try (b * blocks..<min(subsets.count, b * blocks + blocks)).map { s in
                try accuracy(subsets[s], xte, truth, cls, stats, logPrior, all, who)
            }
        }
        return parts.flatMap { $0 }
    }

    /// One sphere: epsilon, variances and the joint log-likelihood as GaussianNB computes
    /// them on the sphere's columns, then the accuracy of its argmax.
    func accuracy(_ f: [Int], _ xte: NDArray, _ truth: [Double], _ cls: [Double],
                  _ stats: [(mean: [Double], variance: [Double])], _ logPrior: [Double],
                  _ all: [Double], _ who: String) throws -> Double {
        let eps = varSmoothing * (f.map { all[$0] }.max() ?? 0)
        let k = cls.count, p = f.count, n = xte.rows, q = xte.cols
        var variance = [Double](repeating: 0, count: k * p), norm = [Double](repeating: 0, count: k)
        for c in 0..<k {
            for (j, v) in f.enumerated() { variance[c * p + j] = stats[c].variance[v] + eps }
            var nc = logPrior[c]
            for j in 0..<p { nc -= 0.5 * log(2 * Double.pi * variance[c * p + j]) }
            norm[c] = nc
        }
        if variance.contains(where: { !($0 > 0) }) {
            throw LearnError("\(who): a class has a zero-variance feature and every feature of X is constant "
                             + "(epsilon = 0); GaussianNB needs at least one varying feature and var_smoothing > 0")
        }
        var correct = 0
        for i in 0..<n {
            var best = 0, bestValue = -Double.infinity
            for c in 0..<k {
                var s = 0.0
                for (j, v) in f.enumerated() {
                    let d = xte.storage[i * q + v] - stats[c].mean[v]
                    s += d * d / variance[c * p + j]
                }
                let value = norm[c] - 0.5 * s
                if c == 0 || value > bestValue { best = c; bestValue = value }
            }
            if cls[best] == truth[i] { correct += 1 }
        }
        return n == 0 ? .nan : Double(correct) / Double(n)
    }
}
