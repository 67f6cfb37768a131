/// How cuts are chosen: automatically (nilearn's rules), a number of cuts (x/y/z modes),
/// or world coordinates.
public enum CutSpec: Equatable {
    case auto
    case count(Int)
    case coords([Double])
}

/// nilearn's display modes: three orthogonal cuts, or a row of cuts along one axis.
public enum DisplayMode: String, CaseIterable, Sendable {
    case ortho, x, y, z

    public init(name: String) throws {
        guard let m = DisplayMode(rawValue: name) else {
            throw PlotError("display_mode must be \"ortho\", \"x\", \"y\" or \"z\", not \"\(name)\"")
        }
        self = m
    }
}

/// Text and line sizes of brain figures: matplotlib points at the figure's dpi.
struct Ink {
    /// Pixels per point (100 dpi by default; more when the caller asks for a larger figure).
    let px: Double
    var labelSize: Double { 12 * px }
    var titleSize: Double { 15 * px }
    var tickSize: Double { 10 * px }
    var lineWidth: Double { 1.5 * px }
    var thinLine: Double { 0.8 * px }
}

/// A row of cuts with their layers, annotations, cross and colorbar, drawn inside a frame
/// (the whole figure, or one cell of a components grid). Layout follows nilearn's
/// `OrthoSlicer`/`BaseStackedSlicer`: panel widths proportional to the world extent they
/// show, full frame height, each panel centred in its slot at equal aspect, and a colorbar
/// of 5% (divided by the number of cuts) on the right.
struct Slicer {
    var cuts: [(SliceDirection, Double)]
    var layers: [SliceLayer]
    var colorbar: ColorbarSpec?
    var title: String?
    /// Written before the first cut's position ("#3  z=12"): a label that, unlike a title
    /// box, cannot hide the L/R letters of a small panel.
    var caption: String?
    var blackBg: Bool
    var annotate = true
    var drawCross = true
    var ink: Ink

    var facecolor: RGBA { blackBg ? .black : .white }
    var textColor: RGBA { blackBg ? .white : .black }

    /// The world rectangle a direction shows: the union of every layer's extent.
    func bounds(_ d: SliceDirection) -> (ClosedRange<Double>, ClosedRange<Double>) {
        let (h, v) = d.planeAxes
        var hl = Double.infinity, hh = -Double.infinity, vl = Double.infinity, vh = -Double.infinity
        for l in layers {
            let b = l.volume.worldBounds
            hl = min(hl, b[h].lowerBound); hh = max(hh, b[h].upperBound)
            vl = min(vl, b[v].lowerBound); vh = max(vh, b[v].upperBound)
        }
        if !hl.isFinite { return (-1...1, -1...1) }
        return (hl...max(hh, hl + 1e-6), vl...max(vh, vl + 1e-6))
    }

    func layout(in frame: Rect) -> (panels: [SlicePanel], colorbar: Rect?) {
        let n = Double(max(cuts.count, 1))
        let right = frame.x + frame.width * (colorbar != nil ? 1 - 0.32 / n : 1)
        let extents = cuts.map { bounds($0.0) }
        let total = extents.reduce(0) { $0 + ($1.0.upperBound - $1.0.lowerBound) }
        var slotX = frame.x
        var panels: [SlicePanel] = []
        for ((d, coord), (hr, vr)) in zip(cuts, extents) {
            let hext = hr.upperBound - hr.lowerBound, vext = vr.upperBound - vr.lowerBound
            let slotW = (right - frame.x) * hext / total
            let s = min(slotW / hext, frame.height / vext)
            let w = hext * s, h = vext * s
            let x0 = (slotX + (slotW - w) / 2).rounded(), y0 = (frame.y + (frame.height - h) / 2).rounded()
            let pw = max(1, (slotX + (slotW + w) / 2).rounded() - x0), ph = max(1, (frame.y + (frame.height + h) / 2).rounded() - y0)
            // Snapped to whole pixels: keep the scale of the width and the centre of the height.
            let ppm = pw / hext, vc = (vr.lowerBound + vr.upperBound) / 2
            panels.append(SlicePanel(direction: d, coord: coord, rect: Rect(x: x0, y: y0, width: pw, height: ph),
                                     hRange: hr, vRange: (vc - ph / ppm / 2)...(vc + ph / ppm / 2)))
            slotX += slotW
        }
        let cb = colorbar.map { _ in Rect(x: frame.x + frame.width * (1 - 0.07 / n), y: frame.y + 0.05 * frame.height,
                                         width: frame.width * 0.05 / n, height: 0.9 * frame.height) }
        return (panels, cb)
    }

    /// Samples every layer on every panel, fills in missing value ranges from what is
    /// shown, and composites the layers over the face colour.
    func rasters(_ panels: [SlicePanel]) -> (rasters: [Raster], layers: [SliceLayer]) {
        var layers = self.layers
        var samples: [[[Double?]]] = []
        for l in layers {
            samples.append(panels.map { l.sample($0, width: Int($0.rect.width), height: Int($0.rect.height)) })
        }
        for (i, l) in layers.enumerated() where l.vmin == nil || l.vmax == nil {
            var lo = Double.infinity, hi = -Double.infinity
            for panel in samples[i] { for case let v? in panel { lo = min(lo, v); hi = max(hi, v) } }
            if lo.isFinite {
                if l.vmin == nil { layers[i].vmin = lo }
                if l.vmax == nil { layers[i].vmax = hi }
            }
        }
        let face = facecolor
        var out: [Raster] = []
        for (p, panel) in panels.enumerated() {
            let w = Int(panel.rect.width), h = Int(panel.rect.height)
            var r = Raster(width: w, height: h, fill: face.argb)
            var colors = [RGBA](repeating: face, count: w * h)
            for (i, l) in layers.enumerated() {
                let lo = l.vmin ?? 0, hi = l.vmax ?? 1
                for (q, value) in samples[i][p].enumerated() {
                    guard let v = value else { continue }
                    colors[q] = l.colormap.color(v, vmin: lo, vmax: hi).withAlpha(l.alpha).over(colors[q])
                }
            }
            for q in 0..<colors.count { r.pixels[q] = colors[q].argb }
            out.append(r)
        }
        return (out, layers)
    }

    /// Everything computed before painting: geometry, pixels, resolved value ranges.
    struct Prepared {
        let frame: Rect
        let panels: [SlicePanel]
        let colorbar: Rect?
        let rasters: [Raster]
        let layers: [SliceLayer]
    }

    func prepare(in frame: Rect) -> Prepared {
        let (panels, cb) = layout(in: frame)
        let (rs, resolved) = rasters(panels)
        return Prepared(frame: frame, panels: panels, colorbar: cb, rasters: rs, layers: resolved)
    }

    func draw(_ c: Canvas, _ p: Prepared) {
        for (panel, r) in zip(p.panels, p.rasters) { c.draw(r, x: panel.rect.x, y: panel.rect.y) }
        if drawCross && cuts.count == 3 { drawCrosses(c, p.panels) }
        if annotate { annotations(c, p.panels) }
        if var spec = colorbar, let rect = p.colorbar {
            if let k = spec.layerIndex, k < p.layers.count {
                spec.vmin = spec.vmin ?? p.layers[k].vmin ?? 0
                spec.vmax = spec.vmax ?? p.layers[k].vmax ?? 1
            }
            spec.draw(c, rect: rect, textColor: textColor, ink: ink)
        }
        if let t = title, !t.isEmpty {
            let pad = 0.3 * ink.titleSize
            c.text(t, x: p.frame.x + 0.01 * p.frame.width + pad, y: p.frame.y + 0.01 * p.frame.height + pad, size: ink.titleSize,
                   color: blackBg ? .black : .white, h: .left, v: .top, background: blackBg ? .white : .black, pad: pad)
        }
    }

    /// nilearn `OrthoSlicer.draw_cross`: each panel shows where the other two cut it.
    func drawCrosses(_ c: Canvas, _ panels: [SlicePanel]) {
        var at: [SliceDirection: Double] = [:]
        for p in panels { at[p.direction] = p.coord }
        let color = blackBg ? RGBA(0.8, 0.8, 0.8) : RGBA.black
        for p in panels {
            let (h, v) = p.direction.planeAxes
            let r = p.rect
            if let hx = at[SliceDirection(rawValue: h)!] {
                var w = [0.0, 0.0, 0.0]; w[h] = hx
                let x = p.pixel(world: (w[0], w[1], w[2])).x
                c.line([(x, r.y + 0.05 * r.height), (x, r.y + 0.95 * r.height)], color, width: ink.lineWidth, butt: true)
            }
            if let vy = at[SliceDirection(rawValue: v)!] {
                var w = [0.0, 0.0, 0.0]; w[v] = vy
                let y = p.pixel(world: (w[0], w[1], w[2])).y
                let end = p.direction == .x ? r.x + 0.95 * r.width : r.maxX
                c.line([(r.x, y), (end, y)], color, width: ink.lineWidth, butt: true)
            }
        }
    }

    /// nilearn `annotate()`: "L"/"R" on coronal and axial cuts (neurological: L on the
    /// left), and each cut's position ("x=12", truncated like Python's "%i") bottom left.
    func annotations(_ c: Canvas, _ panels: [SlicePanel]) {
        let bg = facecolor, fg = textColor
        for (i, p) in panels.enumerated() {
            let r = p.rect
            if p.direction != .x {
                c.text("L", x: r.x + 0.1 * r.width, y: r.y + 0.05 * r.height, size: ink.labelSize, color: fg, h: .left, v: .top, background: bg)
                c.text("R", x: r.x + 0.9 * r.width, y: r.y + 0.05 * r.height, size: ink.labelSize, color: fg, h: .right, v: .top, background: bg)
            }
            let pos = p.coord.isFinite ? Int(p.coord.rounded(.towardZero)) : 0
            let prefix = i == 0 ? caption.map { $0 + "  " } ?? "" : ""
            c.text("\(prefix)\(p.direction.name)=\(pos)", x: r.x, y: r.maxY, size: ink.labelSize, color: fg, h: .left, v: .bottom, background: bg)
        }
    }
}
