import NLSCompute

extension Metrics {
    static func labels(_ y: NDArray, _ who: String) throws -> [Double] {
        guard y.ndim == 1 || (y.ndim == 2 && y.shape[1] == 1) else {
            throw LearnError("\(who): expected a 1-D array of labels, got shape \(y.shape)")
        }
        guard y.isAllFinite else { throw LearnError("\(who): labels contain NaN or infinity") }
        return Array(y.storage)
    }

    /// Fraction of exactly matching labels.
    public static func accuracy(_ yTrue: NDArray, _ yPred: NDArray) throws -> Double {
        let a = try labels(yTrue, "accuracy"), b = try labels(yPred, "accuracy")
        guard a.count == b.count else { throw LearnError("accuracy: y_true has \(a.count) labels, y_pred \(b.count)") }
        guard !a.isEmpty else { return .nan }
        return Double(zip(a, b).filter { $0 == $1 }.count) / Double(a.count)
    }

    /// Mean recall over the classes present in y_true (sklearn balanced_accuracy_score).
    public static func balancedAccuracy(_ yTrue: NDArray, _ yPred: NDArray) throws -> Double {
        let a = try labels(yTrue, "balanced_accuracy"), b = try labels(yPred, "balanced_accuracy")
        guard a.count == b.count else { throw LearnError("balanced_accuracy: y_true has \(a.count) labels, y_pred \(b.count)") }
        var total: [Double: Int] = [:], hit: [Double: Int] = [:]
        for (t, p) in zip(a, b) { total[t, default: 0] += 1; if t == p { hit[t, default: 0] += 1 } }
        guard !total.isEmpty else { return .nan }
        let recalls = total.keys.sorted().map { Double(hit[$0] ?? 0) / Double(total[$0]!) }
        return recalls.reduce(0, +) / Double(recalls.count)
    }

    /// Binary ROC AUC (positive class = the larger label), ties counted one half — the
    /// area under sklearn's roc_curve. NaN when y_true holds a single class (sklearn then
    /// raises; cross-validation records NaN as its error_score does).
    public static func rocAUC(_ yTrue: NDArray, _ scores: NDArray) throws -> Double {
        let a = try labels(yTrue, "roc_auc")
        let s = Array(scores.storage)
        guard a.count == s.count else { throw LearnError("roc_auc: y_true has \(a.count) labels but \(s.count) scores; roc_auc needs a binary problem") }
        let classes = Array(Set(a)).sorted()
        guard classes.count <= 2 else { throw LearnError("roc_auc: only binary problems are supported, y_true has \(classes.count) classes") }
        guard classes.count == 2 else { return .nan }
        let pos = classes[1]
        // Mid-ranks of the scores.
        let order = s.indices.sorted { s[$0] < s[$1] }
        var rank = [Double](repeating: 0, count: s.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && s[order[j + 1]] == s[order[i]] { j += 1 }
            let r = Double(i + j) / 2 + 1
            for q in i...j { rank[order[q]] = r }
            i = j + 1
        }
        var nPos = 0.0, sumPos = 0.0
        for (k, lab) in a.enumerated() where lab == pos { nPos += 1; sumPos += rank[k] }
        let nNeg = Double(a.count) - nPos
        return (sumPos - nPos * (nPos + 1) / 2) / (nPos * nNeg)
    }
}
