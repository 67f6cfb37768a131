import NLS
import NLSPlot

/// Parameters the plot builtins share, their types and their conversion to NLSPlot options.
enum PlotArguments {
    static let I = DataTypes.image, A = DataTypes.array
    static let imgOrPath = NLSType.union([I, .str])
    static let cutCoordsType = NLSType.optional(.union([.int, .list(.float), .list(.int)]))
    static let numbers = NLSType.union([A, .list(.float), .list(.int)])

    static func output() -> ParamSpec { ParamSpec("output", .optional(.str), default: .none) }
    static func title() -> ParamSpec { ParamSpec("title", .optional(.str), default: .none) }
    static func size() -> ParamSpec { ParamSpec("size", .optional(.list(.int)), default: .none) }

    /// Lines of `%help` for the shared parameters.
    static let sliceDocs = """
      cut_coords: none (automatic, as nilearn: the peak cluster's centre for "ortho", 7 cuts \
    for "x"/"y"/"z"), [x, y, z] in mm for "ortho", or a list of mm positions / a number of cuts for "x"/"y"/"z"
      display_mode: "ortho" (coronal, sagittal, axial cuts), or "x", "y", "z" (a row of cuts)
      colorbar: draw the colorbar
      title: text in the top-left corner
      output: file to write (.png, .svg or .pdf, atomically); see "Figures" below
    """
    static let sizeDoc = "  size: [width, height] in pixels (default nilearn's figure size at 100 dpi; text scales with it)"
    static let deliveryDoc = """
    Figures: the figure goes to the output channel (reports, notebooks); in a terminal it is \
    written to output: or, without it, to nls-figure-N.png in the working directory, and its path printed.
    """

    static func sizeValue(_ v: Value) throws -> (width: Int, height: Int)? {
        guard case .list(let xs) = v else { return nil }
        guard xs.count == 2 else { throw RuntimeError("size must be [width, height] in pixels, got \(xs.count) numbers") }
        let w = try xs[0].asInt(), h = try xs[1].asInt()
        try Figure.checkSize(w, h)
        return (w, h)
    }

    static func cutSpec(_ v: Value) throws -> CutSpec {
        switch v {
        case .none: return .auto
        case .int(let n): return .count(n)
        case .list(let xs): return .coords(try xs.map { try $0.asDouble() })
        default: throw RuntimeError("cut_coords must be none, a number of cuts or a list of coordinates, not \(v.repr)")
        }
    }

    /// Display mode, cuts, colorbar, title, size (the parameters every slice plot has).
    static func sliceOptions(_ a: Args) throws -> SliceOptions {
        var o = SliceOptions()
        o.displayMode = try DisplayMode(name: a["display_mode"].asString())
        o.cutCoords = try cutSpec(a["cut_coords"])
        o.colorbar = try a["colorbar"].asBool()
        if case .str(let t) = a["title"] { o.title = t }
        o.size = try sizeValue(a["size"])
        return o
    }

    static func sliceParams(colorbar: Bool = true) -> [ParamSpec] {
        [ParamSpec("cut_coords", cutCoordsType, default: .none),
         ParamSpec("display_mode", .str, default: .str("ortho")),
         ParamSpec("colorbar", .bool, default: .bool(colorbar)),
         title(), output()]
    }

    /// A 1-D list of numbers from an Array or a List.
    static func doubles(_ v: Value, _ name: String) throws -> [Double] {
        if case .list(let xs) = v { return try xs.map { try $0.asDouble() } }
        let a = try v.ndarray()
        guard a.ndim <= 1 else { throw RuntimeError("\(name) must be 1-D, got an Array of shape \(a.shape)") }
        return a.values
    }
}
