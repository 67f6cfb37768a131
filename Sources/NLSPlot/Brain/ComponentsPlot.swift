import NLSImaging

/// One small stat-map panel per volume of a 4-D image (decomposition components), as
/// nilearn's CanICA example loops `plot_stat_map(component, display_mode="z",
/// cut_coords=1, colorbar=False)`: each component cut at its own peak, in cold_hot,
/// symmetric around 0, in a grid.
public enum ComponentsPlot {
    /// Cell size of one component at 100 dpi (nilearn's 2.2 × 2.6 in per cut).
    static let cell = (width: 220.0, height: 260.0)

    /// - Parameters:
    ///   - threshold: |v| at or below it is transparent; nil: per component, the 80th
    ///     percentile of |non-zero values| (nilearn's "auto" threshold, over the voxels
    ///     that carry the component rather than the whole box).
    ///   - columns: grid columns (nil: ⌈√n⌉).
    public static func figure(_ img: Image, bg: Image? = nil, threshold: Double? = nil, columns: Int? = nil,
                              displayMode: DisplayMode = .z, cmap: String = "cold_hot", title: String? = nil,
                              size: (width: Int, height: Int)? = nil) throws -> Figure {
        guard img.is4D else {
            throw PlotError("plot_components needs a 4-D image with one volume per component, got a 3-D image; use plot_stat_map for a single map")
        }
        let threshold = try BrainPlots.checkedThreshold(threshold)
        let n = img.volumeCount
        if let c = columns, c < 1 { throw PlotError("n_cols must be at least 1, got \(c)") }
        let cols = min(columns ?? Int(Double(n).squareRoot().rounded(.up)), n)
        let rows = (n + cols - 1) / cols
        let cuts = displayMode == .ortho ? 3 : 1
        let cellW = cell.width * Double(cuts), cellH = displayMode == .ortho ? 300.0 : cell.height
        let header = title == nil ? 0.0 : 40.0
        let def = (Int((cellW * Double(cols)).rounded()), Int((cellH * Double(rows) + header).rounded()))
        let (w, h) = size ?? def
        try Figure.checkSize(w, h)
        let scale = min(Double(w) / Double(def.0), Double(h) / Double(def.1))
        let ink = Ink(px: 100.0 / 72.0 * scale)
        let colormap = try NamedColormaps.named(cmap)
        let anat = try bg.map { try Anatomy($0, blackBg: nil) }
        let blackBg = anat?.blackBg ?? false
        var slicers: [(Slicer, Slicer.Prepared)] = []
        for (i, v) in try Volume.volumes(of: img, what: "img").enumerated() {
            let t = threshold ?? max(CutCoords.fastAbsPercentile(v.values.filter { $0 != 0 }) - 1e-5, 1e-6)
            let top = v.maxAbs > 0 ? v.maxAbs : 1
            let layers = [anat?.layer, SliceLayer(v, colormap: colormap, vmin: -top, vmax: top, threshold: t)].compactMap { $0 }
            let cuts = try BrainPlots.cuts(displayMode, displayMode == .ortho ? .auto : .count(1), volume: v, activation: t)
            let s = Slicer(cuts: cuts, layers: layers, colorbar: nil, title: nil, caption: "#\(i)", blackBg: blackBg, ink: ink)
            // 3% margins keep neighbouring cells apart.
            let frame = Rect(x: (Double(i % cols) + 0.03) * cellW * scale, y: (header + (Double(i / cols) + 0.03) * cellH) * scale,
                             width: 0.94 * cellW * scale, height: 0.94 * cellH * scale)
            slicers.append((s, s.prepare(in: frame)))
        }
        let textColor: RGBA = blackBg ? .white : .black
        return Figure(width: w, height: h, background: blackBg ? .black : .white,
                      layout: FigureLayout(panels: slicers.flatMap { $0.1.panels })) { c in
            for (s, p) in slicers { s.draw(c, p) }
            if let t = title {
                c.text(t, x: Double(w) / 2, y: header * scale / 2, size: ink.titleSize, color: textColor, h: .center, v: .middle)
            }
        }
    }
}
