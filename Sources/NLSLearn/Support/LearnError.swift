/// Errors raised by NLSLearn. Messages are shown to users as they are, so they say what
/// was wrong and, where possible, what to do about it.
public struct LearnError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
