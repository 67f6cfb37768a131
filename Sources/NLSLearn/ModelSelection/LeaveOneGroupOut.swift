import NLSCompute

/// One fold per distinct group, in sorted group order (scikit-learn LeaveOneGroupOut).
public struct LeaveOneGroupOut: CrossValidator {
    public init() {}
    public var description: String { "LeaveOneGroupOut()" }

    public func split(nSamples n: Int, y: NDArray? = nil, groups: NDArray?) throws -> [Split] {
        let g = try SplitCheck.groupValues(groups, nSamples: n, "LeaveOneGroupOut")
        let unique = Array(Set(g)).sorted()
        guard unique.count >= 2 else {
            throw LearnError("LeaveOneGroupOut: the groups parameter contains fewer than 2 unique groups (\(unique)); it needs at least 2")
        }
        return unique.map { u in Split(test: (0..<n).filter { g[$0] == u }, n: n) }
    }
}
