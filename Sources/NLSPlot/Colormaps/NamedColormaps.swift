/// The colormaps plots accept by name: nilearn's diverging maps for statistics, and the
/// matplotlib maps nilearn uses as defaults (gray backgrounds, gist_ncar for ROI labels).
/// Segment data are matplotlib's (`_cm.py`) and nilearn's (`plotting/cm.py`).
public enum NamedColormaps {
    public static let names = ["cold_hot", "cold_white_hot", "RdBu_r", "bwr", "hot", "gray", "gist_ncar"]

    /// The map called `name` (a `_r` suffix reverses any of them).
    public static func named(_ name: String) throws -> Colormap {
        if name.hasSuffix("_r"), name != "RdBu_r", let base = try? named(String(name.dropLast(2))) { return base.reversed }
        switch name {
        case "cold_hot": return pigtailed("cold_hot", hot)
        case "cold_white_hot": return pigtailed("cold_white_hot", reversedSegments(hot))
        case "RdBu_r": return Colormap(name: "RdBu_r", list: rdBu.reversed().map(RGBA.init(hex:)))
        case "RdBu": return Colormap(name: "RdBu", list: rdBu.map(RGBA.init(hex:)))
        case "bwr": return Colormap(name: "bwr", list: [RGBA(0, 0, 1), RGBA(1, 1, 1), RGBA(1, 0, 0)])
        case "hot", "black_red": return Colormap(name: name, red: hot.red, green: hot.green, blue: hot.blue)
        case "gray", "grey": return Colormap(name: "gray", red: [(0, 0, 0), (1, 1, 1)], green: [(0, 0, 0), (1, 1, 1)], blue: [(0, 0, 0), (1, 1, 1)])
        case "gist_ncar": return Colormap(name: "gist_ncar", red: ncarRed, green: ncarGreen, blue: ncarBlue)
        default:
            throw PlotError("unknown colormap \"\(name)\"; use one of \(names.map { "\"\($0)\"" }.joined(separator: ", ")) (a \"_r\" suffix reverses it)")
        }
    }

    typealias Segments = (red: [Colormap.Segment], green: [Colormap.Segment], blue: [Colormap.Segment])

    /// matplotlib's `hot`: black → red → yellow → white.
    static let hot: Segments = (
        red: [(0, 0.0416, 0.0416), (0.365079, 1, 1), (1, 1, 1)],
        green: [(0, 0, 0), (0.365079, 0, 0), (0.746032, 1, 1), (1, 1, 1)],
        blue: [(0, 0, 0), (0.746032, 0, 0), (1, 1, 1)])

    /// nilearn `_revcmap`.
    static func reversedSegments(_ s: Segments) -> Segments {
        func rev(_ c: [Colormap.Segment]) -> [Colormap.Segment] { c.reversed().map { (1 - $0.x, $0.above, $0.below) } }
        return (rev(s.red), rev(s.green), rev(s.blue))
    }

    /// nilearn `_pigtailed_cmap(cmap, swap_order=("green", "red", "blue"))`: the map on the
    /// upper half, its mirror with red and blue swapped on the lower half (hot → cold).
    static func pigtailed(_ name: String, _ s: Segments) -> Colormap {
        func fill(_ lower: [Colormap.Segment], _ upper: [Colormap.Segment]) -> [Colormap.Segment] {
            lower.reversed().map { (0.5 * (1 - $0.x), $0.below, $0.above) } + upper.map { (0.5 * (1 + $0.x), $0.below, $0.above) }
        }
        return Colormap(name: name, red: fill(s.blue, s.red), green: fill(s.green, s.green), blue: fill(s.red, s.blue))
    }

    /// ColorBrewer RdBu (matplotlib `_RdBu_data`), red first.
    static let rdBu: [UInt32] = [0x67001f, 0xb2182b, 0xd6604d, 0xf4a582, 0xfddbc7, 0xf7f7f7,
                                 0xd1e5f0, 0x92c5de, 0x4393c3, 0x2166ac, 0x053061]

    static let ncarRed: [Colormap.Segment] = [
        (0, 0, 0), (0.3098, 0, 0), (0.3725, 0.3993, 0.3993), (0.4235, 0.5003, 0.5003), (0.5333, 1, 1),
        (0.7922, 1, 1), (0.8471, 0.6218, 0.6218), (0.8980, 0.9235, 0.9235), (1, 0.9961, 0.9961)]
    static let ncarGreen: [Colormap.Segment] = [
        (0, 0, 0), (0.0510, 0.3722, 0.3722), (0.1059, 0, 0), (0.1569, 0.7202, 0.7202), (0.1608, 0.7537, 0.7537),
        (0.1647, 0.7752, 0.7752), (0.2157, 1, 1), (0.2588, 0.9804, 0.9804), (0.2706, 0.9804, 0.9804),
        (0.3176, 1, 1), (0.3686, 0.8081, 0.8081), (0.4275, 1, 1), (0.5216, 1, 1), (0.6314, 0.7292, 0.7292),
        (0.6863, 0.2796, 0.2796), (0.7451, 0, 0), (0.7922, 0, 0), (0.8431, 0.1753, 0.1753), (0.8980, 0.5, 0.5),
        (1, 0.9725, 0.9725)]
    static let ncarBlue: [Colormap.Segment] = [
        (0, 0.5020, 0.5020), (0.0510, 0.0222, 0.0222), (0.1098, 1, 1), (0.2039, 1, 1), (0.2627, 0.6145, 0.6145),
        (0.3216, 0, 0), (0.4157, 0, 0), (0.4745, 0.2342, 0.2342), (0.5333, 0, 0), (0.5804, 0, 0),
        (0.6314, 0.0549, 0.0549), (0.6902, 0, 0), (0.7373, 0, 0), (0.7922, 0.9738, 0.9738), (0.8, 1, 1),
        (0.8431, 1, 1), (0.8980, 0.9341, 0.9341), (1, 0.9961, 0.9961)]

    /// matplotlib's default colour cycle (tab10), for lines.
    public static let cycle: [RGBA] = [0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
                                       0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf].map(RGBA.init(hex:))
}
