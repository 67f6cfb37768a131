import CCairo

/// Drawing primitives over a cairo context, in pixel units with the origin at the top
/// left. Vector surfaces (SVG, PDF) are scaled so the same pixel coordinates land on the
/// page at 100 dpi, as matplotlib's default figure dpi.
public final class Canvas {
    let cr: OpaquePointer
    public let width: Double, height: Double

    init(cr: OpaquePointer, width: Double, height: Double) {
        self.cr = cr; self.width = width; self.height = height
        PlotFonts.apply(to: cr)
    }

    public enum HAlign { case left, center, right }
    public enum VAlign { case top, middle, baseline, bottom }

    func set(_ c: RGBA) { cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a) }

    public func fill(_ r: Rect, _ c: RGBA) {
        set(c)
        cairo_rectangle(cr, r.x, r.y, r.width, r.height)
        cairo_fill(cr)
    }

    public func stroke(_ r: Rect, _ c: RGBA, width w: Double) {
        set(c)
        cairo_set_line_width(cr, w)
        cairo_rectangle(cr, r.x, r.y, r.width, r.height)
        cairo_stroke(cr)
    }

    /// A polyline; `dash` lengths in pixels (matplotlib's "--" is [3.7, 1.6] × line width).
    public func line(_ points: [(Double, Double)], _ c: RGBA, width w: Double, dash: [Double] = [], butt: Bool = false) {
        guard points.count >= 2 else { return }
        set(c)
        cairo_set_line_width(cr, w)
        cairo_set_line_cap(cr, butt ? CAIRO_LINE_CAP_BUTT : CAIRO_LINE_CAP_SQUARE)
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        dash.withUnsafeBufferPointer { cairo_set_dash(cr, $0.baseAddress, Int32(dash.count), 0) }
        var started = false
        for (x, y) in points {
            guard x.isFinite, y.isFinite else { started = false; continue }
            if started { cairo_line_to(cr, x, y) } else { cairo_move_to(cr, x, y); started = true }
        }
        cairo_stroke(cr)
        cairo_set_dash(cr, nil, 0, 0)
    }

    public func polygon(_ points: [(Double, Double)], _ c: RGBA) {
        guard points.count >= 3 else { return }
        set(c)
        cairo_move_to(cr, points[0].0, points[0].1)
        for p in points.dropFirst() { cairo_line_to(cr, p.0, p.1) }
        cairo_close_path(cr)
        cairo_fill(cr)
    }

    public func circle(_ x: Double, _ y: Double, radius: Double, fill: RGBA, edge: RGBA? = nil, edgeWidth: Double = 1) {
        set(fill)
        cairo_new_sub_path(cr)
        cairo_arc(cr, x, y, radius, 0, 2 * Double.pi)
        if let e = edge {
            cairo_fill_preserve(cr)
            set(e)
            cairo_set_line_width(cr, edgeWidth)
            cairo_stroke(cr)
        } else {
            cairo_fill(cr)
        }
    }

    /// Width and height (ascent + descent of the font) of `text` at `size` pixels.
    public func measure(_ text: String, size: Double) -> (width: Double, height: Double) {
        cairo_set_font_size(cr, size)
        var te = cairo_text_extents_t(), fe = cairo_font_extents_t()
        cairo_text_extents(cr, text, &te)
        cairo_font_extents(cr, &fe)
        return (te.x_advance, fe.ascent + fe.descent)
    }

    /// Draws `text` anchored at (x, y); with `background`, on a box `pad` pixels larger
    /// (nilearn's annotation boxes). Returns the box the text occupies.
    @discardableResult
    public func text(_ text: String, x: Double, y: Double, size: Double, color: RGBA,
                     h: HAlign = .left, v: VAlign = .baseline, background: RGBA? = nil, pad: Double = 0) -> Rect {
        cairo_set_font_size(cr, size)
        var te = cairo_text_extents_t(), fe = cairo_font_extents_t()
        cairo_text_extents(cr, text, &te)
        cairo_font_extents(cr, &fe)
        let w = te.x_advance
        let left = h == .left ? x : h == .center ? x - w / 2 : x - w
        let baseline: Double
        switch v {
        case .baseline: baseline = y
        case .top: baseline = y + fe.ascent
        case .bottom: baseline = y - fe.descent
        case .middle: baseline = y + (fe.ascent - fe.descent) / 2
        }
        let box = Rect(x: left - pad, y: baseline - fe.ascent - pad, width: w + 2 * pad, height: fe.ascent + fe.descent + 2 * pad)
        if let bg = background { fill(box, bg) }
        set(color)
        cairo_move_to(cr, left, baseline)
        cairo_show_text(cr, text)
        cairo_new_path(cr)
        return box
    }

    /// Text turned 90° counter-clockwise (a y-axis label), centred on (x, y).
    public func verticalText(_ text: String, x: Double, y: Double, size: Double, color: RGBA) {
        cairo_save(cr)
        cairo_translate(cr, x, y)
        cairo_rotate(cr, -Double.pi / 2)
        self.text(text, x: 0, y: 0, size: size, color: color, h: .center, v: .middle)
        cairo_restore(cr)
    }

    /// Paints a raster 1:1 with its top-left corner at (x, y), without smoothing. The
    /// pixels are copied into a surface cairo owns: PDF and SVG surfaces keep the source
    /// until the page is finished.
    public func draw(_ raster: Raster, x: Double, y: Double) {
        guard raster.width > 0, raster.height > 0,
              let s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(raster.width), Int32(raster.height)),
              cairo_surface_status(s) == CAIRO_STATUS_SUCCESS, let data = cairo_image_surface_get_data(s) else { return }
        defer { cairo_surface_destroy(s) }
        cairo_surface_flush(s)
        let stride = Int(cairo_image_surface_get_stride(s))
        raster.pixels.withUnsafeBytes { src in
            for row in 0..<raster.height {
                (data + row * stride).update(from: src.baseAddress!.assumingMemoryBound(to: UInt8.self) + row * raster.width * 4,
                                             count: raster.width * 4)
            }
        }
        cairo_surface_mark_dirty(s)
        cairo_save(cr)
        cairo_set_source_surface(cr, s, x, y)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST)
        cairo_rectangle(cr, x, y, Double(raster.width), Double(raster.height))
        cairo_fill(cr)
        cairo_restore(cr)
    }

    /// Draws inside `rect` only.
    public func clipped(to r: Rect, _ body: () -> Void) {
        cairo_save(cr)
        cairo_rectangle(cr, r.x, r.y, r.width, r.height)
        cairo_clip(cr)
        body()
        cairo_restore(cr)
    }
}

/// A rectangle in pixels (origin top left).
public struct Rect: Equatable, Sendable {
    public var x: Double, y: Double, width: Double, height: Double
    public init(x: Double, y: Double, width: Double, height: Double) { self.x = x; self.y = y; self.width = width; self.height = height }
    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
    public var midX: Double { x + width / 2 }
    public var midY: Double { y + height / 2 }
    public func contains(_ px: Double, _ py: Double) -> Bool { px >= x && px < maxX && py >= y && py < maxY }
}

/// Opaque pixels in cairo's ARGB32 layout, row-major from the top.
public struct Raster: Equatable {
    public let width: Int, height: Int
    public var pixels: [UInt32]
    public init(width: Int, height: Int, fill: UInt32 = 0) {
        self.width = width; self.height = height
        pixels = [UInt32](repeating: fill, count: max(0, width * height))
    }
    public subscript(x: Int, y: Int) -> UInt32 {
        get { pixels[y * width + x] }
        set { pixels[y * width + x] = newValue }
    }
    public func color(_ x: Int, _ y: Int) -> RGBA { RGBA(argb: self[x, y]) }
}
