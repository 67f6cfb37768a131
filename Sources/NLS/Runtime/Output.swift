import Foundation

/// Where printed output goes. The report mode swaps in a capturing sink.
public final class Output {
    public var write: (String) -> Void
    public init(write: @escaping (String) -> Void) { self.write = write }

    public static let stdout = Output { s in fputs(s, Foundation.stdout) }

    public func line(_ s: String) { write(s + "\n") }
}

/// Writes to stderr after flushing stdout, so messages interleave in order.
public func printError(_ s: String) {
    fflush(stdout)
    fputs(s.hasSuffix("\n") ? s : s + "\n", stderr)
    fflush(stderr)
}
