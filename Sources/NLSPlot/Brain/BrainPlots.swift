import NLSImaging

/// Options every brain figure shares.
public struct SliceOptions {
    public var displayMode: DisplayMode = .ortho
    public var cutCoords: CutSpec = .auto
    public var colorbar = true
    public var title: String?
    /// Pixel size; nil: nilearn's figure size at 100 dpi (text and lines scale with it).
    public var size: (width: Int, height: Int)?
    public var annotate = true
    public var drawCross = true
    public init() {}
}

/// nilearn's slice plots (`plot_stat_map`, `plot_img`, `plot_epi`, `plot_roi`) drawn with
/// cairo. Panels sample every image in world space through its affine (nearest voxel, as
/// nilearn's default `interpolation="nearest"`), so images on different grids line up.
public enum BrainPlots {
    /// `plot_stat_map`: the map in a diverging colormap over `bg` in gray, |v| ≤ threshold
    /// transparent (default 1e-6, nilearn's), colours symmetric in [-vmax, vmax] (default
    /// max |v|); the colorbar shows only the signs present.
    public static func statMap(_ img: Image, bg: Image? = nil, threshold: Double? = nil, vmax: Double? = nil,
                               cmap: String = "cold_hot", options o: SliceOptions = SliceOptions()) throws -> Figure {
        let v = try Volume(img, what: "stat_map_img")
        let t = try checkedThreshold(threshold) ?? 1e-6
        if let m = vmax, !(m > 0 && m.isFinite) { throw PlotError("vmax must be a positive number, got \(m)") }
        let colormap = try NamedColormaps.named(cmap)
        let top = vmax ?? v.maxAbs
        let anat = try bg.map { try Anatomy($0, blackBg: nil) }
        let lo = v.minValue, hi = v.maxValue
        let shown: (Double, Double) = lo < 0 && hi > 0 ? (-top, top) : hi <= 0 && lo < 0 ? (-top, 0) : (0, top)
        let overlay = SliceLayer(v, colormap: colormap, vmin: -top, vmax: top, threshold: t)
        let bar = ColorbarSpec(colormap: colormap, vmin: -top, vmax: top, shownMin: shown.0, shownMax: shown.1, threshold: t)
        return try figure(layers: [anat?.layer, overlay].compactMap { $0 }, cutVolume: v, activation: t,
                          colorbar: bar, blackBg: anat?.blackBg ?? false, options: o)
    }

    /// `plot_img`: any 3-D image in a colormap (gray by default), optionally over `bg`.
    public static func img(_ img: Image, bg: Image? = nil, threshold: Double? = nil, vmin: Double? = nil, vmax: Double? = nil,
                           cmap: String = "gray", blackBg: Bool = false, options o: SliceOptions = SliceOptions()) throws -> Figure {
        let v = try Volume(img)
        let t = try checkedThreshold(threshold)
        if let lo = vmin, let hi = vmax, !(lo < hi) { throw PlotError("vmin must be below vmax, got vmin \(lo) and vmax \(hi)") }
        let colormap = try NamedColormaps.named(cmap)
        let anat = try bg.map { try Anatomy($0, blackBg: blackBg) }
        let layers = [anat?.layer, SliceLayer(v, colormap: colormap, vmin: vmin, vmax: vmax, threshold: t)].compactMap { $0 }
        var bar = ColorbarSpec(colormap: colormap, vmin: vmin, vmax: vmax, threshold: t)
        bar.layerIndex = layers.count - 1
        return try figure(layers: layers, cutVolume: v, activation: t, colorbar: bar, blackBg: blackBg, options: o)
    }

    /// `plot_epi`: an EPI volume in gray on black (a 4-D series is averaged over time first).
    public static func epi(_ img: Image, vmin: Double? = nil, vmax: Double? = nil, cmap: String = "gray",
                           options o: SliceOptions = SliceOptions()) throws -> Figure {
        let mean = img.is4D && img.volumeCount > 1 ? try meanImg(img) : img
        return try self.img(mean, vmin: vmin, vmax: vmax, cmap: cmap, blackBg: true, options: o)
    }

    /// `plot_roi`: labels in gist_ncar at 70% opacity over `bg`; values ≤ 0.5 transparent.
    public static func roi(_ img: Image, bg: Image? = nil, threshold: Double = 0.5, alpha: Double = 0.7, cmap: String = "gist_ncar",
                           options o: SliceOptions = SliceOptions()) throws -> Figure {
        let v = try Volume(img, what: "roi_img")
        let t = try checkedThreshold(threshold)
        guard alpha >= 0 && alpha <= 1 else { throw PlotError("alpha must be between 0 and 1, got \(alpha)") }
        let colormap = try NamedColormaps.named(cmap)
        let anat = try bg.map { try Anatomy($0, blackBg: nil) }
        // One colour per label for the whole image (nilearn ranges over the cuts shown).
        let labels = v.values.filter { x in !(t.map { x >= -$0 && x <= $0 } ?? false) }
        let lo = labels.min() ?? 0, hi = labels.max() ?? 1
        let layers = [anat?.layer, SliceLayer(v, colormap: colormap, vmin: lo, vmax: hi, threshold: t, alpha: alpha)].compactMap { $0 }
        var bar = ColorbarSpec(colormap: colormap, vmin: lo, vmax: hi, threshold: t, format: "%i")
        // nilearn's five "%i" ticks repeat labels (1 1 1 1 2); a few integer labels get one tick each.
        let distinct = Set(labels)
        if distinct.count <= 10, distinct.allSatisfy({ $0 == $0.rounded() }) { bar.fixedTicks = distinct.sorted() }
        return try figure(layers: layers, cutVolume: v, activation: t, colorbar: bar, blackBg: anat?.blackBg ?? false, options: o)
    }

    static func checkedThreshold(_ t: Double?) throws -> Double? {
        guard let t else { return nil }
        guard t.isFinite, t >= 0 else { throw PlotError("threshold must be a non-negative number, got \(t)") }
        return t
    }

    /// nilearn's figure sizes at 100 dpi: 2.2 in per cut (3.0 in high for ortho, 2.6 in for
    /// rows of cuts) plus 0.7 in for a colorbar.
    static func defaultSize(cuts n: Int, ortho: Bool, colorbar: Bool) -> (Int, Int) {
        (Int(((2.2 * Double(n) + (colorbar ? 0.7 : 0)) * 100).rounded()), ortho ? 300 : 260)
    }

    /// The cuts to show, in display order (ortho: coronal, sagittal, axial as nilearn).
    static func cuts(_ mode: DisplayMode, _ spec: CutSpec, volume v: Volume, activation: Double?) throws -> [(SliceDirection, Double)] {
        switch mode {
        case .ortho:
            let c: [Double]
            switch spec {
            case .auto: let p = CutCoords.xyz(v, activationThreshold: activation); c = [p.0, p.1, p.2]
            case .coords(let xs) where xs.count == 3: c = xs
            default: throw PlotError("with display_mode \"ortho\", cut_coords must be three world coordinates [x, y, z]")
            }
            guard c.allSatisfy(\.isFinite) else { throw PlotError("cut_coords must be finite numbers") }
            return [(.y, c[1]), (.x, c[0]), (.z, c[2])]
        case .x, .y, .z:
            let d = SliceDirection(rawValue: ["x": 0, "y": 1, "z": 2][mode.rawValue]!)!
            switch spec {
            case .auto: return CutCoords.slices(v, direction: d, count: 7).map { (d, $0) }
            case .count(let n):
                guard n >= 1 && n <= 100 else { throw PlotError("cut_coords as a number of cuts must be between 1 and 100, got \(n)") }
                return CutCoords.slices(v, direction: d, count: n).map { (d, $0) }
            case .coords(let xs):
                guard !xs.isEmpty, xs.count <= 100 else { throw PlotError("cut_coords must list between 1 and 100 world coordinates along \(mode.rawValue)") }
                guard xs.allSatisfy(\.isFinite) else { throw PlotError("cut_coords must be finite numbers") }
                return xs.map { (d, $0) }
            }
        }
    }

    static func figure(layers: [SliceLayer], cutVolume: Volume, activation: Double?, colorbar: ColorbarSpec,
                       blackBg: Bool, options o: SliceOptions) throws -> Figure {
        let cuts = try cuts(o.displayMode, o.cutCoords, volume: cutVolume, activation: activation)
        let def = defaultSize(cuts: cuts.count, ortho: o.displayMode == .ortho, colorbar: o.colorbar)
        let (w, h) = o.size ?? def
        try Figure.checkSize(w, h)
        let ink = Ink(px: 100.0 / 72.0 * min(Double(w) / Double(def.0), Double(h) / Double(def.1)))
        let s = Slicer(cuts: cuts, layers: layers, colorbar: o.colorbar ? colorbar : nil, title: o.title,
                       blackBg: blackBg, annotate: o.annotate, drawCross: o.drawCross, ink: ink)
        let prepared = s.prepare(in: Rect(x: 0, y: 0, width: Double(w), height: Double(h)))
        return Figure(width: w, height: h, background: s.facecolor,
                      layout: FigureLayout(panels: prepared.panels, colorbar: prepared.colorbar)) { c in s.draw(c, prepared) }
    }
}
