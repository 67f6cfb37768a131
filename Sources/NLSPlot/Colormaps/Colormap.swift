/// A 256-entry lookup table, built and indexed as matplotlib's `LinearSegmentedColormap`
/// (`rcParams["image.lut"]` = 256), so a value gets the colour it gets in nilearn.
public struct Colormap: Sendable {
    public let name: String
    public let lut: [RGBA]
    public var count: Int { lut.count }

    public init(name: String, lut: [RGBA]) { self.name = name; self.lut = lut }

    /// A point of matplotlib segment data: at `x`, the channel arrives at `below` and leaves at `above`.
    public typealias Segment = (x: Double, below: Double, above: Double)

    /// matplotlib `_create_lookup_table`: piecewise-linear channels sampled at linspace(0, 1, n).
    public init(name: String, red: [Segment], green: [Segment], blue: [Segment], n: Int = 256) {
        func channel(_ s: [Segment]) -> [Double] {
            (0..<n).map { i in
                if i == 0 { return s[0].above }
                if i == n - 1 { return s[s.count - 1].below }
                let x = Double(i) / Double(n - 1)
                // First point at or after x (numpy searchsorted, side "left").
                let k = max(1, s.firstIndex { $0.x >= x } ?? s.count - 1)
                let lo = s[k - 1], hi = s[k]
                let d = hi.x > lo.x ? (x - lo.x) / (hi.x - lo.x) : 1
                return lo.above + d * (hi.below - lo.above)
            }
        }
        let r = channel(red), g = channel(green), b = channel(blue)
        self.init(name: name, lut: (0..<n).map { RGBA(r[$0], g[$0], b[$0]) })
    }

    /// matplotlib `LinearSegmentedColormap.from_list`: colours evenly spaced over [0, 1].
    public init(name: String, list: [RGBA], n: Int = 256) {
        let m = list.count - 1
        func seg(_ c: (RGBA) -> Double) -> [Segment] {
            list.enumerated().map { (Double($0.offset) / Double(m), c($0.element), c($0.element)) }
        }
        self.init(name: name, red: seg(\.r), green: seg(\.g), blue: seg(\.b), n: n)
    }

    /// The colour of a position `t` in [0, 1] (matplotlib `Colormap.__call__`: `int(t * N)`,
    /// clipped; under and over take the end colours).
    public func color(at t: Double) -> RGBA {
        guard t.isFinite else { return t > 0 ? lut[count - 1] : lut[0] }
        let i = Int((t * Double(count)).rounded(.down))
        return lut[min(max(i, 0), count - 1)]
    }

    /// The colour of `value` under matplotlib's `Normalize(vmin, vmax)`.
    public func color(_ value: Double, vmin: Double, vmax: Double) -> RGBA {
        color(at: vmax > vmin ? (value - vmin) / (vmax - vmin) : 0)
    }

    public var reversed: Colormap { Colormap(name: name + "_r", lut: lut.reversed()) }
}
