import NLSCompute

/// Where a group decomposition gets its subjects from, one at a time: the imaging layer
/// masks and cleans a 4-D image when asked, so only the subjects being reduced are ever in
/// memory (nilearn's `_mask_and_reduce` holds them all until they are stacked).
public protocol SubjectSource {
    var count: Int { get }
    /// Subject `i`'s signals [time × features] (masked and cleaned).
    func signals(_ i: Int) throws -> NDArray
    /// A content digest of subject `i`'s input and of how it is masked and cleaned, used as
    /// the cache key of its signals; nil when it cannot be keyed (nothing is cached then).
    func signalsKey(_ i: Int) throws -> String?
    /// How subject `i` is named in messages ("sub-01_bold.nii.gz").
    func name(_ i: Int) -> String
}

/// Subjects already in memory (Swift callers and tests).
public struct ArraySubjects: SubjectSource {
    public let arrays: [NDArray]
    public init(_ arrays: [NDArray]) { self.arrays = arrays }
    public var count: Int { arrays.count }
    public func signals(_ i: Int) throws -> NDArray { arrays[i] }
    public func signalsKey(_ i: Int) throws -> String? { ContentHash.of(arrays[i]) }
    public func name(_ i: Int) -> String { "subject \(i)" }
}
