import NLSImaging

/// A background image as nilearn's `load_anat` prepares it: black or white figure
/// background guessed from the border voxels, and the gray range widened ("dimmed") so
/// the overlay stands out.
struct Anatomy {
    let layer: SliceLayer
    let blackBg: Bool

    init(_ img: Image, blackBg requested: Bool?, dim: Bool = true) throws {
        let v = try Volume(img, what: "bg_img")
        var vmin = v.minValue, vmax = v.maxValue
        // Border voxels (2 deep): black when their median is below the middle of the range.
        let black = requested ?? !(Anatomy.borderMedian(v) > 0.5 * (vmin + vmax))
        if dim {
            let mean = 0.5 * (vmin + vmax), ptp = 0.5 * (vmax - vmin)
            if black { vmax = mean + 1.8 * ptp } else { vmin = 0.5 * 1.4 * mean - 1.6 * ptp }
        }
        // add_overlay's default threshold (1e-6): exact zeros show the figure's background.
        layer = SliceLayer(v, colormap: try NamedColormaps.named("gray"), vmin: vmin, vmax: vmax, threshold: 1e-6)
        blackBg = black
    }

    /// numpy median of nilearn's `get_border_data(data, 2)`.
    static func borderMedian(_ v: Volume) -> Double {
        var xs: [Double] = []
        for k in 0..<v.nz { for j in 0..<v.ny { for i in 0..<v.nx
        where i < 2 || j < 2 || k < 2 || i >= v.nx - 2 || j >= v.ny - 2 || k >= v.nz - 2 {
            xs.append(v.values[v.index(i, j, k)])
        } } }
        guard !xs.isEmpty else { return 0 }
        xs.sort()
        let m = xs.count / 2
        return xs.count % 2 == 1 ? xs[m] : 0.5 * (xs[m - 1] + xs[m])
    }
}
