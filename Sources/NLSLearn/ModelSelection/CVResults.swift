/// One column of `CVResults`.
public enum CVColumn: Sendable {
    case numbers([Double])
    case integers([Int])
    /// Per-candidate value of one parameter (`param_<name>`).
    case values([ParamValue])
    /// Per-candidate parameter dictionaries (`params`).
    case params([[String: ParamValue]])

    public var count: Int {
        switch self {
        case .numbers(let v): return v.count
        case .integers(let v): return v.count
        case .values(let v): return v.count
        case .params(let v): return v.count
        }
    }
}

/// scikit-learn's `cv_results_`: named columns, one row per candidate, in sklearn's order
/// (mean_fit_time, std_fit_time, mean_score_time, std_score_time, param_<k>…, params,
/// split<i>_test_score…, mean_test_score, std_test_score, rank_test_score).
public struct CVResults: Sendable {
    public private(set) var names: [String] = []
    public private(set) var columns: [String: CVColumn] = [:]

    mutating func append(_ name: String, _ column: CVColumn) {
        names.append(name); columns[name] = column
    }

    public subscript(_ name: String) -> CVColumn? { columns[name] }

    /// A numeric column as [Double] (integers widened); nil if absent or not numeric.
    public func numbers(_ name: String) -> [Double]? {
        switch columns[name] {
        case .numbers(let v)?: return v
        case .integers(let v)?: return v.map(Double.init)
        default: return nil
        }
    }
}

enum Stats {
    static func mean(_ v: [Double]) -> Double { v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count) }
    /// Population standard deviation (numpy std, ddof=0).
    static func std(_ v: [Double]) -> Double {
        let m = mean(v)
        return (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count)).squareRoot()
    }

    /// rankdata(-scores, method='min') with NaN scores ranked last (sklearn _search.py).
    static func rankDescendingMin(_ scores: [Double]) -> [Int] {
        let finite = scores.filter { !$0.isNaN }
        let fill = (finite.min() ?? 0) - 1
        let s = scores.map { $0.isNaN ? fill : $0 }
        return s.map { v in 1 + s.filter { $0 > v }.count }
    }
}
