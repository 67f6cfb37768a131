import Foundation
import NLS
import NLSCompute
import NLSPlot

/// Where a finished figure goes. Every figure is offered to the output channel as a PNG
/// when the channel can show images (a report, a notebook front end, a capture);
/// `output:` also writes it to a file (PNG, SVG or PDF by extension, atomically). A
/// terminal cannot show images, so there a figure without `output:` is written to
/// `nls-figure-N.png` in the working directory (N counts the session's figures, so a rerun
/// replaces its own files) and the path is printed — what a matplotlib user gets from
/// `savefig` when there is no window to show a figure in.
enum FigureDelivery {
    private static let lock = NSLock()
    private static var count = 0

    /// The `output:` argument: `~` expanded, the format checked before any drawing. A
    /// device or FIFO (`/dev/stdout`, a pipe to a viewer) without an extension gets PNG.
    static func outputPath(_ v: Value) throws -> (path: String, format: FigureFormat)? {
        guard case .str(let raw) = v else { return nil }
        guard !raw.isEmpty else { throw RuntimeError("output must be a file name ending in .png, .svg or .pdf, not an empty string") }
        let path = expandingTilde(raw)
        do { return (path, try FigureFormat(path: path)) } catch {
            if case .direct? = try? AtomicFile.destination(path) { return (path, .png) }
            throw error
        }
    }

    static func nextAutoPath() -> String {
        lock.lock(); defer { lock.unlock() }
        count += 1
        return "nls-figure-\(count).png"
    }

    static func deliver(_ fig: Figure, to output: (path: String, format: FigureFormat)?, alt: String, context: CallContext) throws -> Value {
        let channel = context.output
        if let o = output { try write(fig, o.path, o.format) }
        if channel.showsImages {
            channel.emit(.image(mime: "image/png", data: try fig.png(), alt: alt))
        } else {
            let path = output?.path ?? nextAutoPath()
            if output == nil { try write(fig, path, .png) }
            channel.line("figure written to \(path)")
        }
        return .none
    }

    static func write(_ fig: Figure, _ path: String, _ format: FigureFormat) throws {
        let bytes = try fig.encoded(format)
        do { try AtomicFile.write(path, data: Data(bytes)) }
        catch let e as AtomicFile.WriteError { throw RuntimeError(e.description) }
    }
}
