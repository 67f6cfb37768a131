import Foundation

/// One curve of a chart.
public struct Series {
    public var x: [Double], y: [Double]
    public var label: String?
    public var color: RGBA?
    public var dashed = false
    /// A shaded band around the curve (lower, upper), e.g. ± one standard deviation.
    public var band: (lower: [Double], upper: [Double])?
    public init(x: [Double], y: [Double], label: String? = nil, color: RGBA? = nil) {
        self.x = x; self.y = y; self.label = label; self.color = color
    }
}

/// A point marked on a chart (the best alpha of a CV curve).
public struct Marker {
    public var x: Double, y: Double
    public var label: String?
    public var color: RGBA
    /// Also draw a dashed vertical line through the point.
    public var verticalLine = true
    public init(x: Double, y: Double, label: String? = nil, color: RGBA = .black) { self.x = x; self.y = y; self.label = label; self.color = color }
}

/// Line charts with matplotlib's look: 6.4 × 4.8 in at 100 dpi, the tab10 colour cycle,
/// 1.5 pt lines, ticks outside, a legend placed where it covers the fewest points.
public enum LinePlot {
    public struct Options {
        public var xlabel: String?, ylabel: String?, title: String?
        public var logX = false, logY = false
        public var size: (width: Int, height: Int)?
        public init() {}
    }

    public static func figure(_ series: [Series], markers: [Marker] = [], options o: Options = Options()) throws -> Figure {
        guard !series.isEmpty else { throw PlotError("nothing to plot: no lines given") }
        for (i, s) in series.enumerated() {
            guard s.x.count == s.y.count else {
                throw PlotError("line \(i) has \(s.x.count) x values but \(s.y.count) y values; they must have the same length")
            }
            guard !s.x.isEmpty else { throw PlotError("line \(i) has no points") }
            if o.logX, let bad = s.x.firstIndex(where: { !($0 > 0) && !$0.isNaN }) {
                throw PlotError("log_x needs positive x values, but x[\(bad)] is \(s.x[bad])")
            }
            if o.logY, let bad = s.y.firstIndex(where: { !($0 > 0) && !$0.isNaN }) {
                throw PlotError("log_y needs positive y values, but line \(i) has y[\(bad)] = \(s.y[bad])")
            }
        }
        let def = (640, 480)
        let (w, h) = o.size ?? def
        try Figure.checkSize(w, h)
        let px = 100.0 / 72.0 * min(Double(w) / Double(def.0), Double(h) / Double(def.1))
        let rect = Rect(x: 0.125 * Double(w), y: 0.12 * Double(h), width: 0.775 * Double(w), height: 0.77 * Double(h))
        var xs = series.flatMap(\.x) + markers.map(\.x)
        var ys = series.flatMap(\.y) + markers.map(\.y)
        for s in series { if let b = s.band { ys += b.lower + b.upper; xs += s.x } }
        let axes = ChartAxes(rect: rect, xRange: ChartAxes.limits(xs, log: o.logX), yRange: ChartAxes.limits(ys, log: o.logY),
                             logX: o.logX, logY: o.logY)
        let colored = series.enumerated().map { i, s -> Series in
            var s = s; s.color = s.color ?? NamedColormaps.cycle[i % NamedColormaps.cycle.count]; return s
        }
        return Figure(width: w, height: h, background: .white, layout: FigureLayout(axes: axes)) { c in
            c.clipped(to: rect) {
                for s in colored { if let b = s.band { band(c, axes, s.x, b, s.color!.withAlpha(0.2)) } }
                for s in colored {
                    let pts = zip(s.x, s.y).map { x, y -> (Double, Double) in
                        x.isFinite && y.isFinite ? (axes.px(x), axes.py(y)) : (.nan, .nan)
                    }
                    c.line(pts, s.color!, width: 1.5 * px, dash: s.dashed ? [3.7 * 1.5 * px, 1.6 * 1.5 * px] : [])
                }
                for m in markers {
                    let x = axes.px(m.x)
                    if m.verticalLine { c.line([(x, rect.y), (x, rect.maxY)], m.color, width: 1.5 * px, dash: [3.7 * 1.5 * px, 1.6 * 1.5 * px], butt: true) }
                    c.circle(x, axes.py(m.y), radius: 3 * px, fill: m.color)
                }
            }
            axes.draw(c, xlabel: o.xlabel, ylabel: o.ylabel, title: o.title, px: px)
            legend(c, axes, colored, markers, px: px)
        }
    }

    static func band(_ c: Canvas, _ a: ChartAxes, _ x: [Double], _ b: (lower: [Double], upper: [Double]), _ color: RGBA) {
        let idx = x.indices.filter { x[$0].isFinite && b.lower[$0].isFinite && b.upper[$0].isFinite }
        let top = idx.map { (a.px(x[$0]), a.py(b.upper[$0])) }
        let bottom = idx.reversed().map { (a.px(x[$0]), a.py(b.lower[$0])) }
        c.polygon(top + bottom, color)
    }

    /// matplotlib's legend ("best": the first of its candidate places covering the fewest
    /// data points), 10 pt text, a 2 em line sample, white box with a light gray edge.
    static func legend(_ c: Canvas, _ a: ChartAxes, _ series: [Series], _ markers: [Marker], px: Double) {
        var entries: [(String, RGBA, Bool, Bool)] = series.compactMap { s in s.label.map { ($0, s.color!, s.dashed, false) } }
        entries += markers.compactMap { m in m.label.map { ($0, m.color, true, true) } }
        guard !entries.isEmpty else { return }
        let font = 10 * px, handle = 2 * font, gap = 0.8 * font, pad = 0.4 * font, rowH = font * 1.25
        let textW = entries.map { c.measure($0.0, size: font).width }.max() ?? 0
        let w = pad * 2 + handle + gap + textW, h = pad * 2 + rowH * Double(entries.count)
        let r = a.rect, inset = 0.5 * font
        let places = [(r.maxX - inset - w, r.y + inset), (r.x + inset, r.y + inset), (r.x + inset, r.maxY - inset - h),
                      (r.maxX - inset - w, r.maxY - inset - h), (r.maxX - inset - w, r.midY - h / 2), (r.x + inset, r.midY - h / 2),
                      (r.midX - w / 2, r.maxY - inset - h), (r.midX - w / 2, r.y + inset), (r.midX - w / 2, r.midY - h / 2)]
        let points = series.flatMap { s in zip(s.x, s.y).filter { $0.0.isFinite && $0.1.isFinite }.map { (a.px($0.0), a.py($0.1)) } }
        var best = places[0], fewest = Int.max
        for p in places {
            let box = Rect(x: p.0, y: p.1, width: w, height: h)
            let n = points.filter { box.contains($0.0, $0.1) }.count
            if n < fewest { fewest = n; best = p }
        }
        let box = Rect(x: best.0, y: best.1, width: w, height: h)
        c.fill(box, RGBA.white.withAlpha(0.8))
        c.stroke(box, RGBA(0.8, 0.8, 0.8), width: 0.8 * px)
        for (i, e) in entries.enumerated() {
            let y = box.y + pad + rowH * (Double(i) + 0.5)
            let x0 = box.x + pad
            if e.3 { c.circle(x0 + handle / 2, y, radius: 3 * px, fill: e.1) }
            else { c.line([(x0, y), (x0 + handle, y)], e.1, width: 1.5 * px, dash: e.2 ? [3.7 * 1.5 * px, 1.6 * 1.5 * px] : [], butt: true) }
            c.text(e.0, x: x0 + handle + gap, y: y, size: font, color: .black, h: .left, v: .middle)
        }
    }
}
