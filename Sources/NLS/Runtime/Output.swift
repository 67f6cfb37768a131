import Foundation

/// One piece of output. Text is what `print` writes; images and HTML are rich results
/// (a plot, a brain slice, a table) that a terminal can only name but a report or
/// notebook front end can show.
public enum OutputItem: Equatable {
    case text(String)
    /// Text that reports elapsed time (`%time`, `%timeit`). A terminal shows it as text;
    /// a report marks it, since it is what differs between two runs of the same script.
    case timing(String)
    case image(mime: String, data: [UInt8], alt: String)
    case html(String)

    /// How a text-only sink shows the item: the text itself, or a one-line placeholder
    /// saying what was not shown.
    public var plainText: String {
        switch self {
        case .text(let s), .timing(let s): return s
        case .image(let mime, let data, let alt):
            let size = Self.pngSize(mime: mime, data).map { " \($0.width)×\($0.height)" } ?? ""
            return "<\(mime)\(size), \(data.count) bytes\(alt.isEmpty ? "" : ": \(alt)")>\n"
        case .html(let h): return "<text/html, \(h.utf8.count) bytes>\n"
        }
    }

    /// Pixel size from a PNG's IHDR chunk (bytes 16…23, big-endian), when it is one.
    static func pngSize(mime: String, _ d: [UInt8]) -> (width: Int, height: Int)? {
        guard mime == "image/png", d.count >= 24, d.starts(with: [0x89, 0x50, 0x4E, 0x47]) else { return nil }
        func be32(_ i: Int) -> Int { d[i..<i + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (be32(16), be32(20))
    }
}

/// Where printed output goes: one sink receives every item, text and rich alike.
/// The terminal sink prints; a capturing sink keeps the items (report mode, tests).
public final class Output {
    public let sink: (OutputItem) -> Void
    /// Whether the sink can show images (a report, a notebook front end, a capture) or
    /// only text (a terminal). Figures check it: where it is false they go to a file and
    /// the sink gets the file's name instead of a placeholder.
    public let showsImages: Bool

    public init(sink: @escaping (OutputItem) -> Void, showsImages: Bool = true) {
        self.sink = sink; self.showsImages = showsImages
    }

    /// A text-only sink: rich items arrive as their one-line placeholder.
    public convenience init(write: @escaping (String) -> Void) {
        self.init(sink: { write($0.plainText) }, showsImages: false)
    }

    public static let stdout = Output { s in fputs(s, Foundation.stdout) }

    public func emit(_ item: OutputItem) { sink(item) }
    public func write(_ s: String) { sink(.text(s)) }
    public func line(_ s: String) { write(s + "\n") }
    /// A line of elapsed-time output (see `OutputItem.timing`).
    public func timingLine(_ s: String) { sink(.timing(s + "\n")) }
}

/// A sink that keeps every item in order.
public final class CapturedOutput {
    /// The items live in a box the sink holds, so the sink stays valid on its own.
    final class Box { var items: [OutputItem] = [] }
    let box = Box()
    public let output: Output
    public init() { output = Output { [box] item in box.items.append(item) } }
    public var items: [OutputItem] { box.items }
    /// All items as a terminal would show them.
    public var text: String { items.map(\.plainText).joined() }
}

/// Writes to stderr after flushing stdout, so messages interleave in order.
public func printError(_ s: String) {
    fflush(stdout)
    fputs(s.hasSuffix("\n") ? s : s + "\n", stderr)
    fflush(stderr)
}
