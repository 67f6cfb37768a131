import Foundation

/// A brain figure's colorbar (nilearn `BaseSlicer._show_colorbar`): the colormap over the
/// overlay's value range, the band hidden by the threshold shown in the brain gray, five
/// ticks (two moved onto ±threshold when it is large enough to see), labels on the left.
public struct ColorbarSpec {
    public var colormap: Colormap
    /// The overlay's normalisation; nil: taken from layer `layerIndex` once resolved.
    public var vmin: Double?, vmax: Double?
    /// The range the bar shows (nilearn's cbar_vmin/cbar_vmax); nil: the normalisation's.
    public var shownMin: Double?, shownMax: Double?
    public var threshold: Double?
    /// "%.2g" (nilearn's default) or "%i" (ROIs).
    public var format: String = "%.2g"
    /// Ticks to use instead of nilearn's five (the labels of an ROI image).
    public var fixedTicks: [Double]?
    var layerIndex: Int?

    public init(colormap: Colormap, vmin: Double? = nil, vmax: Double? = nil, shownMin: Double? = nil, shownMax: Double? = nil,
                threshold: Double? = nil, format: String = "%.2g") {
        self.colormap = colormap; self.vmin = vmin; self.vmax = vmax
        self.shownMin = shownMin; self.shownMax = shownMax; self.threshold = threshold; self.format = format
    }

    /// nilearn `get_cbar_ticks`.
    static func ticks(_ vmin: Double, _ vmax0: Double, offset: Double?, count n: Int = 5) -> [Double] {
        if vmin == vmax0 { return [vmin] }
        let vmax = vmax0 == 0 ? Double(Float.ulpOfOne) : vmax0
        var t = (0..<n).map { vmin + (vmax - vmin) * Double($0) / Double(n - 1) }
        if let off = offset, off / vmax > 0.12 {
            let diff = t.map { abs(abs($0) - off) }
            let order = diff.indices.sorted { diff[$0] < diff[$1] || (diff[$0] == diff[$1] && $0 < $1) }
            let best = diff[order[0]]
            var idx: [Int]
            if diff.filter({ $0 == best }).count == 4 {
                let four = order.prefix(4).map { t[$0] }.sorted()
                let keep = Set(four[1...2])
                idx = t.indices.filter { keep.contains(t[$0]) }
            } else {
                idx = Array(order.prefix(2)).sorted()
                if idx.contains(where: { t[$0] == 0 }) { let three = Array(order.prefix(3)).sorted(); idx = [three[0], three[2]] }
            }
            if idx.count == 2 { t[idx[0]] = -off; t[idx[1]] = off }
        }
        if t[0] < vmin { t[0] = vmin }
        // Rounding can leave -2.8e-17 where 0 was meant; it would print as such.
        return t.map { abs($0) < 1e-12 * (vmax - vmin) ? 0 : $0 }
    }

    func label(_ v: Double) -> String {
        if format == "%i" { return String(Int(v.rounded(.towardZero))) }
        let s = String(format: format, v)
        return s == "-0" ? "0" : s
    }

    func draw(_ c: Canvas, rect r: Rect, textColor: RGBA, ink: Ink) {
        let lo = vmin ?? 0, hi = vmax ?? 1
        let bottom = shownMin ?? lo, top = shownMax ?? hi
        // One value only: nilearn draws no colorbar.
        guard top > bottom else { return }
        func norm(_ v: Double) -> Double { hi > lo ? min(max((v - lo) / (hi - lo), 0), 1) : 0 }
        var offset = threshold ?? 0
        if offset > hi { offset = hi }
        var lut = colormap.lut
        let n = lut.count
        let start = Int(norm(-offset) * Double(n - 1)), stop = Int(norm(offset) * Double(n - 1))
        if start < stop { for i in start..<stop { lut[i] = .brainGray } }
        let bar = Colormap(name: colormap.name, lut: lut)
        let rows = max(1, Int(r.height.rounded()))
        var raster = Raster(width: max(1, Int(r.width.rounded())), height: rows)
        for y in 0..<rows {
            let value = top - (Double(y) + 0.5) / Double(rows) * (top - bottom)
            let color = bar.color(value, vmin: lo, vmax: hi).argb
            for x in 0..<raster.width { raster[x, y] = color }
        }
        c.draw(raster, x: r.x.rounded(), y: r.y.rounded())
        c.stroke(r, textColor, width: ink.thinLine)
        let span = top - bottom
        for t in fixedTicks ?? ColorbarSpec.ticks(bottom, top, offset: threshold ?? 0) where t >= bottom - 1e-9 * span && t <= top + 1e-9 * span {
            let y = r.maxY - (t - bottom) / span * r.height
            c.text(label(t), x: r.x - 7 * ink.px, y: y, size: ink.tickSize, color: textColor, h: .right, v: .middle)
        }
    }
}
