/// One image drawn on a brain figure: a background in gray or a map in a colormap.
/// Values with |v| ≤ threshold are transparent (threshold 0: exactly 0 is; nil: none is),
/// as nilearn's `add_overlay`; `vmin`/`vmax` nil take the range of the values shown.
public struct SliceLayer {
    public let volume: Volume
    public let colormap: Colormap
    public var vmin: Double?, vmax: Double?
    public let threshold: Double?
    public let alpha: Double

    public init(_ volume: Volume, colormap: Colormap, vmin: Double? = nil, vmax: Double? = nil, threshold: Double? = nil, alpha: Double = 1) {
        self.volume = volume; self.colormap = colormap; self.vmin = vmin; self.vmax = vmax; self.threshold = threshold; self.alpha = alpha
    }

    /// nilearn's masking of sub-threshold values (`masked_inside(-t, t)`, or `masked_equal(0)`).
    @inline(__always) func isMasked(_ v: Double) -> Bool {
        guard let t = threshold else { return false }
        return t == 0 ? v == 0 : (v >= -t && v <= t)
    }

    /// The values of one panel, row-major from the top left; nil outside the grid or masked.
    func sample(_ p: SlicePanel, width: Int, height: Int) -> [Double?] {
        var out = [Double?](repeating: nil, count: width * height)
        for py in 0..<height { for px in 0..<width {
            let w = p.world(px: px, py: py)
            if let v = volume.value(atWorld: w.0, w.1, w.2), !isMasked(v) { out[py * width + px] = v }
        } }
        return out
    }
}
