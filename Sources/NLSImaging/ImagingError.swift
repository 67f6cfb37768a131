/// Every failure in NLSImaging is reported with this error: one line naming the file
/// (or the operation) and the problem. Nothing reachable from user input traps.
public struct ImagingError: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// NIfTI images, masking, smoothing, resampling and signal cleaning with nilearn 0.14
/// semantics. See `Image` for the array layout.
public enum NLSImaging {}
