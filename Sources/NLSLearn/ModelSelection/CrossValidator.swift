import NLSCompute

/// One train/test split: sorted sample indices.
public struct Split: Equatable, Sendable {
    public let train: [Int]
    public let test: [Int]
    public init(train: [Int], test: [Int]) { self.train = train; self.test = test }

    /// Train = complement of `test` in 0..<n (sorted), as sklearn's _BaseKFold.
    init(test: [Int], n: Int) {
        var inTest = [Bool](repeating: false, count: n)
        for i in test { inTest[i] = true }
        self.test = test.sorted()
        self.train = (0..<n).filter { !inTest[$0] }
    }
}

/// A cross-validation splitter (scikit-learn's KFold & co).
public protocol CrossValidator {
    var description: String { get }
    /// y is needed by stratified splitters, groups by group splitters (1-D, any numbers).
    func split(nSamples: Int, y: NDArray?, groups: NDArray?) throws -> [Split]
}

/// The `cv` argument: an integer (KFold for regressors, StratifiedKFold for classifiers
/// with class labels — sklearn's check_cv) or an explicit splitter.
public enum CV {
    case folds(Int)
    case splitter(CrossValidator)

    public static let `default` = CV.folds(5)

    func resolve(classifier: Bool) -> CrossValidator {
        switch self {
        case .splitter(let s): return s
        case .folds(let k): return classifier ? StratifiedKFold(nSplits: k) as CrossValidator : KFold(nSplits: k)
        }
    }

    func splits(classifier: Bool, nSamples: Int, y: NDArray, groups: NDArray?) throws -> [Split] {
        let s = resolve(classifier: classifier)
        if classifier, case .folds = self, !(y.ndim == 1 || (y.ndim == 2 && y.shape[1] == 1)) {
            return try KFold(nSplits: nFoldsOrZero).split(nSamples: nSamples, y: y, groups: groups)
        }
        return try s.split(nSamples: nSamples, y: y, groups: groups)
    }

    private var nFoldsOrZero: Int { if case .folds(let k) = self { return k }; return 0 }
}

enum SplitCheck {
    static func nSplits(_ k: Int, _ who: String) throws {
        guard k >= 2 else {
            throw LearnError("\(who): n_splits must be at least 2 (one train and one test fold), got \(k)")
        }
    }

    static func groupValues(_ groups: NDArray?, nSamples: Int, _ who: String) throws -> [Double] {
        guard let g = groups else {
            throw LearnError("\(who): needs groups (one group id per sample); pass groups:")
        }
        guard g.size == nSamples, g.ndim <= 2, g.ndim == 1 || g.shape.last == 1 else {
            throw LearnError("\(who): groups must be 1-D with one value per sample (\(nSamples)), got shape \(g.shape)")
        }
        guard g.isAllFinite else { throw LearnError("\(who): groups contain NaN or infinity") }
        return Array(g.storage)
    }
}
