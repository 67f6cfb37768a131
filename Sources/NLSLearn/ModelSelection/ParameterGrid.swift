/// Cartesian product of a parameter grid in scikit-learn's ParameterGrid order: keys
/// sorted, the last key varying fastest.
public enum ParameterGrid {
    public static func candidates(_ grid: [String: [ParamValue]]) throws -> [[String: ParamValue]] {
        guard !grid.isEmpty else {
            throw LearnError("GridSearch: the parameter grid is empty; give at least one parameter with a list of values, e.g. {alpha: [0.1, 1, 10]}")
        }
        let keys = grid.keys.sorted()
        for k in keys where grid[k]!.isEmpty {
            throw LearnError("GridSearch: parameter grid for parameter '\(k)' needs a non-empty list of values")
        }
        var out: [[String: ParamValue]] = [[:]]
        for k in keys {
            var next: [[String: ParamValue]] = []
            next.reserveCapacity(out.count * grid[k]!.count)
            for partial in out {
                for v in grid[k]! { var d = partial; d[k] = v; next.append(d) }
            }
            out = next
        }
        return out
    }
}
