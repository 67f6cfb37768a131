/// A plot that cannot be drawn as asked (bad option, wrong image dimensionality, a file
/// that cannot be encoded). One line, meant to be shown to the user as is.
public struct PlotError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
