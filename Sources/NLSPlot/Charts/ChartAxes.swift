import Foundation

/// The data area of a chart and its value-to-pixel mapping (matplotlib's default axes:
/// 12.5%–90% of the width, 11%–88% of the height).
public struct ChartAxes {
    public let rect: Rect
    public let xRange: ClosedRange<Double>, yRange: ClosedRange<Double>
    public let logX: Bool, logY: Bool

    func t(_ v: Double, _ r: ClosedRange<Double>, _ log: Bool) -> Double {
        log ? (log10(v) - log10(r.lowerBound)) / (log10(r.upperBound) - log10(r.lowerBound))
            : (v - r.lowerBound) / (r.upperBound - r.lowerBound)
    }
    public func px(_ x: Double) -> Double { rect.x + t(x, xRange, logX) * rect.width }
    public func py(_ y: Double) -> Double { rect.maxY - t(y, yRange, logY) * rect.height }

    /// matplotlib's 5% margins around the data (in log space on log axes).
    static func limits(_ values: [Double], log: Bool) -> ClosedRange<Double> {
        let finite = values.filter { $0.isFinite && (!log || $0 > 0) }
        guard var lo = finite.min(), var hi = finite.max() else { return log ? 1...10 : 0...1 }
        if log { lo = log10(lo); hi = log10(hi) }
        if hi == lo { let d = lo == 0 ? 1 : abs(lo) * 0.05; lo -= d; hi += d } else { let m = 0.05 * (hi - lo); lo -= m; hi += m }
        return log ? pow(10, lo)...pow(10, hi) : lo...hi
    }

    /// Spines, ticks, tick labels, axis labels and title.
    func draw(_ c: Canvas, xlabel: String?, ylabel: String?, title: String?, px: Double) {
        let black = RGBA.black, font = 10 * px, major = 3.5 * px, minorLen = 2 * px, pad = 3.5 * px
        c.stroke(rect, black, width: 0.8 * px)
        // x ticks
        let xTicks: [Ticks.Tick], xMinor: [Double]
        if logX { (xTicks, xMinor) = Ticks.log(xRange.lowerBound, xRange.upperBound, maxTicks: Int(rect.width / (3 * font))) }
        else { xTicks = Ticks.linear(xRange.lowerBound, xRange.upperBound, maxTicks: min(9, Int(rect.width / (3 * font)))); xMinor = [] }
        var labelBottom = rect.maxY
        for tick in xTicks {
            let x = self.px(tick.value)
            c.line([(x, rect.maxY), (x, rect.maxY + major)], black, width: 0.8 * px, butt: true)
            let box = label(c, tick, x: x, y: rect.maxY + major + pad, size: font, h: .center, v: .top)
            labelBottom = max(labelBottom, box.maxY)
        }
        for v in xMinor { let x = self.px(v); c.line([(x, rect.maxY), (x, rect.maxY + minorLen)], black, width: 0.6 * px, butt: true) }
        // y ticks
        let yTicks: [Ticks.Tick], yMinor: [Double]
        if logY { (yTicks, yMinor) = Ticks.log(yRange.lowerBound, yRange.upperBound, maxTicks: Int(rect.height / (2 * font))) }
        else { yTicks = Ticks.linear(yRange.lowerBound, yRange.upperBound, maxTicks: min(9, Int(rect.height / (2 * font)))); yMinor = [] }
        var labelLeft = rect.x
        for tick in yTicks {
            let y = self.py(tick.value)
            c.line([(rect.x - major, y), (rect.x, y)], black, width: 0.8 * px, butt: true)
            let box = label(c, tick, x: rect.x - major - pad, y: y, size: font, h: .right, v: .middle)
            labelLeft = min(labelLeft, box.x)
        }
        for v in yMinor { let y = self.py(v); c.line([(rect.x - minorLen, y), (rect.x, y)], black, width: 0.6 * px, butt: true) }
        if let xl = xlabel, !xl.isEmpty { c.text(xl, x: rect.midX, y: labelBottom + 4 * px, size: font, color: black, h: .center, v: .top) }
        if let yl = ylabel, !yl.isEmpty {
            let h = c.measure(yl, size: font).height
            c.verticalText(yl, x: labelLeft - 4 * px - h / 2, y: rect.midY, size: font, color: black)
        }
        if let t = title, !t.isEmpty { c.text(t, x: rect.midX, y: rect.y - 6 * px, size: 12 * px, color: black, h: .center, v: .bottom) }
    }

    /// A tick label; log ticks draw their exponent smaller and raised (mathtext 10^k).
    @discardableResult
    func label(_ c: Canvas, _ tick: Ticks.Tick, x: Double, y: Double, size: Double, h: Canvas.HAlign, v: Canvas.VAlign) -> Rect {
        guard let e = tick.exponent else { return c.text(tick.label, x: x, y: y, size: size, color: .black, h: h, v: v) }
        let small = 0.7 * size
        let wBase = c.measure(tick.label, size: size).width, wExp = c.measure(e, size: small).width
        let total = wBase + wExp
        let left = h == .left ? x : h == .center ? x - total / 2 : x - total
        let top = v == .top ? y + 0.3 * size : y
        let vAlign: Canvas.VAlign = v == .top ? .top : v
        let base = c.text(tick.label, x: left, y: top, size: size, color: .black, h: .left, v: vAlign)
        c.text(e, x: left + wBase, y: base.y + 0.05 * size, size: small, color: .black, h: .left, v: .top)
        return Rect(x: left, y: base.y - 0.3 * size, width: total, height: base.height + 0.3 * size)
    }
}
