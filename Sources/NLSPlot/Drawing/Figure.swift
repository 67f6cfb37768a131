import CCairo

/// File formats a figure is written in, chosen by the output path's extension.
public enum FigureFormat: String, CaseIterable, Sendable {
    case png, svg, pdf

    public init(path: String) throws {
        let ext = path.split(separator: "/").last.flatMap { $0.contains(".") ? $0.split(separator: ".").last : nil }
        guard let e = ext, let f = FigureFormat(rawValue: e.lowercased()) else {
            throw PlotError("cannot tell the figure format of \"\(path)\": the file name must end in .png, .svg or .pdf")
        }
        self = f
    }

    public var mime: String {
        switch self { case .png: return "image/png"; case .svg: return "image/svg+xml"; case .pdf: return "application/pdf" }
    }
}

/// A finished figure: its size in pixels, where its parts are (for tests and callers that
/// annotate), and how to paint it. Painting is deferred, so one figure can be encoded in
/// several formats (a PNG for the output channel, an SVG for the file).
public struct Figure {
    public let width: Int, height: Int
    public let background: RGBA
    public let layout: FigureLayout
    let paint: (Canvas) -> Void

    /// Pixel sizes a figure may have (cairo's limit is 32767; this keeps a frame under 1 GB).
    public static let sizeRange = 16...16384

    public init(width: Int, height: Int, background: RGBA, layout: FigureLayout = FigureLayout(), paint: @escaping (Canvas) -> Void) {
        self.width = width; self.height = height; self.background = background; self.layout = layout; self.paint = paint
    }

    /// Checks a requested size before any work.
    public static func checkSize(_ w: Int, _ h: Int) throws {
        guard sizeRange.contains(w), sizeRange.contains(h) else {
            throw PlotError("figure size must be between \(sizeRange.lowerBound) and \(sizeRange.upperBound) pixels each way, got \(w)×\(h)")
        }
    }

    private func draw(on surface: OpaquePointer, scale: Double) throws {
        guard let cr = cairo_create(surface) else { throw PlotError("cairo could not create a drawing context") }
        defer { cairo_destroy(cr) }
        cairo_scale(cr, scale, scale)
        let canvas = Canvas(cr: cr, width: Double(width), height: Double(height))
        canvas.fill(Rect(x: 0, y: 0, width: Double(width), height: Double(height)), background)
        paint(canvas)
        let status = cairo_status(cr)
        guard status == CAIRO_STATUS_SUCCESS else { throw PlotError("drawing failed: \(String(cString: cairo_status_to_string(status)))") }
    }

    /// The figure as pixels (cairo ARGB32, alpha 255).
    public func rasterize() throws -> Raster {
        try Figure.checkSize(width, height)
        guard let s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height)),
              cairo_surface_status(s) == CAIRO_STATUS_SUCCESS else { throw PlotError("cairo could not allocate a \(width)×\(height) image") }
        defer { cairo_surface_destroy(s) }
        try draw(on: s, scale: 1)
        cairo_surface_flush(s)
        var out = Raster(width: width, height: height)
        let stride = Int(cairo_image_surface_get_stride(s))
        guard let data = cairo_image_surface_get_data(s) else { throw PlotError("cairo gave no pixel data") }
        out.pixels.withUnsafeMutableBytes { dst in
            for row in 0..<height {
                (dst.baseAddress! + row * width * 4).copyMemory(from: data + row * stride, byteCount: width * 4)
            }
        }
        return out
    }

    public func png() throws -> [UInt8] { try encoded(.png) }

    /// The figure's bytes in `format` (PNG at 1 pixel per pixel; SVG and PDF at 100 dpi).
    public func encoded(_ format: FigureFormat) throws -> [UInt8] {
        try Figure.checkSize(width, height)
        let sink = ByteSink()
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        let write: cairo_write_func_t = { closure, bytes, length in
            guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue().bytes.append(contentsOf: UnsafeBufferPointer(start: bytes, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }
        let points = 72.0 / 100.0
        switch format {
        case .png:
            guard let s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height)),
                  cairo_surface_status(s) == CAIRO_STATUS_SUCCESS else { throw PlotError("cairo could not allocate a \(width)×\(height) image") }
            defer { cairo_surface_destroy(s) }
            try draw(on: s, scale: 1)
            let st = cairo_surface_write_to_png_stream(s, write, closure)
            guard st == CAIRO_STATUS_SUCCESS else { throw PlotError("PNG encoding failed: \(String(cString: cairo_status_to_string(st)))") }
        case .svg, .pdf:
            let w = Double(width) * points, h = Double(height) * points
            guard let s = format == .svg ? cairo_svg_surface_create_for_stream(write, closure, w, h)
                                         : cairo_pdf_surface_create_for_stream(write, closure, w, h) else {
                throw PlotError("cairo could not create a \(format.rawValue.uppercased()) surface")
            }
            defer { cairo_surface_destroy(s) }
            try draw(on: s, scale: points)
            cairo_surface_finish(s)
            let st = cairo_surface_status(s)
            guard st == CAIRO_STATUS_SUCCESS else { throw PlotError("\(format.rawValue.uppercased()) encoding failed: \(String(cString: cairo_status_to_string(st)))") }
        }
        return sink.bytes
    }
}

/// Collects what cairo's stream writers emit.
final class ByteSink { var bytes: [UInt8] = [] }

/// Where a figure's parts are, in pixels: brain panels with their world-to-pixel mapping,
/// the colorbar, and chart axes.
public struct FigureLayout {
    public var panels: [SlicePanel] = []
    public var colorbar: Rect?
    public var axes: ChartAxes?
    public init(panels: [SlicePanel] = [], colorbar: Rect? = nil, axes: ChartAxes? = nil) {
        self.panels = panels; self.colorbar = colorbar; self.axes = axes
    }
}
