import NLSCompute

enum Check {
    /// X must be a non-empty 2-D array of finite numbers.
    static func features(_ x: NDArray, _ who: String) throws {
        guard x.ndim == 2 else {
            throw LearnError("\(who): X must be a 2-D array (samples × features), got shape \(x.shape)")
        }
        guard x.shape[0] > 0, x.shape[1] > 0 else {
            throw LearnError("\(who): X is empty (shape \(x.shape)); need at least one sample and one feature")
        }
        guard x.isAllFinite else {
            throw LearnError("\(who): X contains NaN or infinity; remove or impute those values first")
        }
    }

    /// y must be 1-D or 2-D, finite, with as many rows as X.
    static func targets(_ y: NDArray, rows n: Int, _ who: String) throws {
        guard y.ndim == 1 || y.ndim == 2 else {
            throw LearnError("\(who): y must be a 1-D or 2-D array, got shape \(y.shape)")
        }
        guard y.shape[0] == n else {
            throw LearnError("\(who): X has \(n) samples (rows) but y has \(y.shape[0]); they must match")
        }
        guard y.ndim == 1 || y.shape[1] > 0 else {
            throw LearnError("\(who): y has no target columns (shape \(y.shape))")
        }
        guard y.isAllFinite else {
            throw LearnError("\(who): y contains NaN or infinity; remove or impute those values first")
        }
    }

    static func xy(_ x: NDArray, _ y: NDArray, _ who: String) throws {
        try features(x, who)
        try targets(y, rows: x.shape[0], who)
    }
}
