import NLSCompute

/// How `NiftiMasker.fit` computes a mask when none is given.
public enum MaskStrategy: String, Sendable {
    case background
    case epi
    case wholeBrainTemplate = "whole-brain-template"
}

/// nilearn 0.14 `NiftiMasker`. transform order (as `filter_and_extract`): resample the image
/// onto the mask grid when they differ → smooth the whole 4-D image (`smoothingFwhm`, mm) →
/// mask (`[time × voxels]`, np.where column order; integer input → float32) →
/// `signalClean` (detrend, Butterworth, confounds, standardize).
public final class NiftiMasker {
    public var mask: Image?
    public var maskStrategy: MaskStrategy
    public var standardize: Standardize
    public var standardizeConfounds: Bool
    public var detrend: Bool
    public var smoothingFwhm: Double?
    public var lowPass: Double?
    public var highPass: Double?
    public var tR: Double?
    /// Template used by the "whole-brain-template" strategy (an MNI152 brain mask image);
    /// it is resampled (nearest) onto the data grid.
    public var template: Image?

    /// Stops and reports reads of files given by path (`transform(path:)`); nil: the
    /// standard monitor (stoppable, silent).
    public var monitor: ImagingMonitor?

    /// The mask after `fit` (nilearn's `mask_img_`).
    public private(set) var maskImg: Image?
    private var offsets: [Int] = []

    public init(mask: Image? = nil, maskStrategy: MaskStrategy = .background, standardize: Standardize = .none,
                standardizeConfounds: Bool = true, detrend: Bool = false, smoothingFwhm: Double? = nil,
                lowPass: Double? = nil, highPass: Double? = nil, tR: Double? = nil, template: Image? = nil) {
        self.mask = mask; self.maskStrategy = maskStrategy; self.standardize = standardize
        self.standardizeConfounds = standardizeConfounds; self.detrend = detrend
        self.smoothingFwhm = smoothingFwhm; self.lowPass = lowPass; self.highPass = highPass; self.tR = tR
        self.template = template
    }

    /// Convenience: mask from a file path.
    public convenience init(maskPath: String, standardize: Standardize = .none, detrend: Bool = false,
                            smoothingFwhm: Double? = nil, lowPass: Double? = nil, highPass: Double? = nil,
                            tR: Double? = nil) throws {
        self.init(mask: try loadImage(maskPath), standardize: standardize, detrend: detrend,
                  smoothingFwhm: smoothingFwhm, lowPass: lowPass, highPass: highPass, tR: tR)
    }

    public var isFitted: Bool { maskImg != nil }
    public var nFeatures: Int { offsets.count }

    /// Uses the given mask, or computes one from `img` with `maskStrategy`.
    @discardableResult
    public func fit(_ img: Image? = nil) throws -> NiftiMasker {
        var m: Image
        if let given = mask {
            m = given
        } else {
            guard let img = img else { throw ImagingError("NiftiMasker.fit: no mask given and no image to compute one from") }
            switch maskStrategy {
            case .background: m = try computeBackgroundMask(img)
            case .epi: m = try computeEpiMask(img)
            case .wholeBrainTemplate:
                guard let t = template else {
                    throw ImagingError("NiftiMasker.fit: mask_strategy 'whole-brain-template' needs a template image")
                }
                m = try computeBrainMask(img, template: t)
            }
        }
        let b = try Masking.binary(m, name: "NiftiMasker mask")
        offsets = Masking.columnOffsets(b)
        maskImg = try Masking.maskImage(b, like: m)
        return self
    }

    /// `[n_volumes × n_voxels]` cleaned signals; `confounds` is `[n_volumes × n_confounds]`.
    public func transform(_ img: Image, confounds: NDArray? = nil) throws -> NDArray {
        guard let m = maskImg else { throw ImagingError("NiftiMasker.transform: the masker is not fitted; call fit first") }
        var x = img
        if x.spatialShape != m.spatialShape || !Affine.close(x.affine, m.affine) {
            x = try resampleToImg(x, m, interpolation: .continuous)
        }
        if let f = smoothingFwhm { x = try smoothImg(x, fwhm: f) }
        let signals = applyMask(x, offsets: offsets)
        let needClean = detrend || standardize != .none || lowPass != nil || highPass != nil || confounds != nil
        guard needClean else { return signals }
        return try signalClean(signals, detrend: detrend, standardize: standardize, confounds: confounds,
                               standardizeConfounds: standardizeConfounds, lowPass: lowPass, highPass: highPass,
                               tR: tR)
    }

    public func fitTransform(_ img: Image, confounds: NDArray? = nil) throws -> NDArray {
        try fit(img)
        return try transform(img, confounds: confounds)
    }

    /// `[n_volumes × n_voxels]` → 4-D image, `[n_voxels]` → 3-D image (zeros outside the mask).
    public func inverseTransform(_ x: NDArray) throws -> Image {
        guard let m = maskImg else { throw ImagingError("NiftiMasker.inverse_transform: the masker is not fitted; call fit first") }
        return try unmask(x, m)
    }
}

/// nilearn `compute_brain_mask(target_img, threshold=0.5, connected=True, opening=2)`: the
/// template (see `loadMNI152Template`) resampled onto the image grid (continuous = cubic),
/// voxels >= `threshold`, then nilearn's `_post_process_mask` (opening, largest component).
public func computeBrainMask(_ img: Image, template: Image, threshold: Double = 0.5,
                             connected: Bool = true, opening: Int = 2) throws -> Image {
    guard opening >= 0 && opening <= 10_000 else { throw ImagingError("compute_brain_mask: opening must be in 0...10000, got \(opening)") }
    let r = try resampleImg(template, targetAffine: img.affine, targetShape: img.spatialShape, interpolation: .continuous)
    let b = BinaryVolume(dims: img.spatialShape, v: r.storage.prefix(img.voxelsPerVolume).map { $0 >= threshold })
    guard b.any else {
        throw ImagingError("compute_brain_mask: the whole-brain mask is empty; lower the threshold or check the image field of view")
    }
    let m = Masking.postProcess(b, opening: opening, connected: connected)
    return try Masking.maskImage(m, like: img)
}

/// nilearn `load_mni152_template(resolution)`: the MNI152 T1 file (nilearn ships
/// `mni_icbm152_t1_tal_nlin_sym_09a_converted.nii.gz`, 1 mm) as float32 scaled to [0, 1],
/// resampled (continuous) to `resolution` mm when it is not 1.
public func loadMNI152Template(path: String, resolution: Double = 1) throws -> Image {
    let t = try loadImage(path)
    guard resolution > 0, resolution.isFinite else { throw ImagingError("load_mni152_template: resolution must be positive") }
    let mx = t.storage.reduce(-Double.infinity) { max($0, $1) }
    guard mx > 0 else { throw ImagingError("\(path): template maximum is not positive") }
    var out = t
    try out.setStorage(ContiguousArray(t.storage.map { Double(Float($0) / Float(mx)) }), dtype: .float32)
    out.header.datatype = .float32; out.header.sclSlope = 0; out.header.sclInter = 0
    if resolution == 1 { return out }
    // nilearn resample_img with a 3x3 target affine: the offset and shape make the new grid
    // cover the bounding box of the old one
    var aff = Affine.identity
    for r in 0..<3 { aff[r * 4 + r] = resolution }
    guard let inv = Affine.inverse(aff) else { throw ImagingError("load_mni152_template: singular affine") }
    var minc = [Double.infinity, .infinity, .infinity], maxc = [-Double.infinity, -.infinity, -.infinity]
    let s = t.spatialShape
    for corner in 0..<8 {
        let p = (Double((corner & 1) * (s[0] - 1)), Double(((corner >> 1) & 1) * (s[1] - 1)), Double(((corner >> 2) & 1) * (s[2] - 1)))
        let v = Affine.apply(inv, Affine.apply(t.affine, p))
        let c = [v.0, v.1, v.2]
        for a in 0..<3 { minc[a] = min(minc[a], c[a]); maxc[a] = max(maxc[a], c[a]) }
    }
    for a in 0..<3 { aff[a * 4 + 3] = resolution * minc[a] }
    let shape = (0..<3).map { Int((maxc[$0] - minc[$0]).rounded(.up)) + 1 }
    return try resampleImg(out, targetAffine: aff, targetShape: shape, interpolation: .continuous)
}

extension NiftiMasker {
    /// Streaming `transform` straight from a file: volumes are read, resampled/smoothed and
    /// masked one at a time, so peak memory is one volume plus the `[time × voxels]` result
    /// (the 4-D image is never held). Same numbers as `transform(loadImage(path))`.
    public func transform(path: String, confounds: NDArray? = nil) throws -> NDArray {
        guard let m = maskImg else { throw ImagingError("NiftiMasker.transform: the masker is not fitted; call fit first") }
        let head = try NiftiReader.prepare(path)
        let srcShape = Array(head.dims.prefix(3))
        let sameGrid = srcShape == m.spatialShape && Affine.close(head.affine, m.affine)
        let fwhm = smoothingFwhm
        let offs = offsets
        let nt = head.dims.count == 4 ? head.dims[3] : 1
        var rows = ContiguousArray<Double>()
        rows.reserveCapacity(nt * offs.count)
        if let f = fwhm, !(f >= 0 && f.isFinite) { throw ImagingError("NiftiMasker: smoothing_fwhm must be finite and >= 0, got \(f)") }
        let sigmas = try fwhm.map { try Smoothing.checkedSigmas(fwhm: [$0], voxelSize: m.voxelSize) }
        _ = try NiftiReader.forEachVolume(path, monitor: monitor ?? .standard) { _, vol in
            var v = vol
            if !sameGrid {
                let img3 = try Image(shape: srcShape, storage: v, affine: head.affine, dtype: head.dtype)
                v = try resampleToImg(img3, m, interpolation: .continuous).storage
            }
            if let s = sigmas { Smoothing.smooth(&v, dims: m.spatialShape, sigmas: s) }
            v.withUnsafeBufferPointer { b in for o in offs { rows.append(b[o]) } }
        }
        let dtype: DType = head.dtype == .float64 ? .float64 : .float32
        let signals = NDArray(shape: [nt, offs.count], storage: rows, dtype: dtype)
        let needClean = detrend || standardize != .none || lowPass != nil || highPass != nil || confounds != nil
        guard needClean else { return signals }
        return try signalClean(signals, detrend: detrend, standardize: standardize, confounds: confounds,
                               standardizeConfounds: standardizeConfounds, lowPass: lowPass, highPass: highPass,
                               tR: tR)
    }

    /// `fit` (computing the mask from the file when none was given) then the streaming transform.
    public func fitTransform(path: String, confounds: NDArray? = nil) throws -> NDArray {
        if mask == nil { try fit(try NiftiReader.load(path, monitor: monitor ?? .standard)) } else { try fit() }
        return try transform(path: path, confounds: confounds)
    }
}

/// Streaming `apply_mask(path, mask)`: never holds the 4-D image (see `NiftiMasker.transform(path:)`).
public func applyMask(path: String, _ mask: Image) throws -> NDArray {
    let m = NiftiMasker(mask: mask)
    try m.fit()
    let head = try NiftiReader.prepare(path)
    guard Array(head.dims.prefix(3)) == mask.spatialShape, Affine.close(head.affine, mask.affine) else {
        throw ImagingError("apply_mask: \(path) (shape \(head.dims)) and the mask (shape \(mask.spatialShape)) are not on the same grid; resample one with resample_to_img first")
    }
    return try m.transform(path: path)
}
