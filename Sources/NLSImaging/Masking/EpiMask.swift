import NLSCompute

extension Masking {
    /// nilearn `image.compute_mean(imgs, smooth=...)`: time-average of a 4-D image (copy of a
    /// 3-D one), optionally smoothed with `smooth` fwhm in *voxel units* (affine = identity);
    /// NaNs stay NaN after smoothing.
    static func computeMean(_ img: Image, smoothFwhm: Double?) -> ContiguousArray<Double> {
        let nvox = img.voxelsPerVolume, nt = img.volumeCount
        var sum = ContiguousArray<Double>(repeating: 0, count: nvox)
        img.storage.withUnsafeBufferPointer { src in
            for t in 0..<nt { addVolume(&sum, UnsafeBufferPointer(rebasing: src[(t * nvox)..<((t + 1) * nvox)])) }
        }
        return finishMean(sum, count: nt, dims: img.spatialShape, smoothFwhm: smoothFwhm)
    }

    /// sum += volume (the time-average's running sum, volume by volume in time order).
    static func addVolume(_ sum: inout ContiguousArray<Double>, _ volume: UnsafeBufferPointer<Double>) {
        sum.withUnsafeMutableBufferPointer { s in for p in 0..<s.count { s[p] += volume[p] } }
    }

    /// The running sum of `count` volumes → their mean, smoothed as `computeMean` says.
    static func finishMean(_ sum: ContiguousArray<Double>, count nt: Int, dims: [Int], smoothFwhm: Double?) -> ContiguousArray<Double> {
        var mean = sum
        let nvox = mean.count
        if nt > 1 { for p in 0..<nvox { mean[p] /= Double(nt) } }
        if let f = smoothFwhm, f > 0 {
            let nan = mean.map { $0.isNaN }
            Smoothing.smooth(&mean, dims: dims, sigmas: Smoothing.sigmas(fwhm: [f], voxelSize: [1, 1, 1]))
            for p in 0..<nvox where nan[p] { mean[p] = .nan }
        }
        return mean
    }

    /// nilearn `_post_process_mask`: erosion × opening → largest component → dilation ×
    /// 2·opening → erosion × opening.
    static func postProcess(_ mask: BinaryVolume, opening: Int, connected: Bool) -> BinaryVolume {
        var m = mask
        if opening > 0 { m = m.eroded(opening) }
        if connected && m.any { m = m.largestComponent() }
        if opening > 0 { m = m.dilated(2 * opening).eroded(opening) }
        return m
    }

    /// The histogram threshold of `compute_epi_mask` (exposed for tests).
    static func epiThreshold(_ values: ContiguousArray<Double>, lower: Double, upper: Double, excludeZeros: Bool) throws -> Double {
        var s = Array(values)
        if excludeZeros { s = s.filter { $0 != 0 } }
        s.sort { a, b in
            // numpy sorts NaN last
            if a.isNaN { return false }
            if b.isNaN { return true }
            return a < b
        }
        let n = s.count
        let lo = Int((lower * Double(n)).rounded(.down))
        let hi = min(Int((upper * Double(n)).rounded(.down)), n - 1)
        guard n >= 2, lo >= 0, hi > lo else {
            throw ImagingError("compute_epi_mask: not enough voxels between the cutoffs (n=\(n), lower=\(lower), upper=\(upper))")
        }
        var ia = 0, best = -Double.infinity
        for q in 0..<(hi - lo) {
            let d = s[lo + q + 1] - s[lo + q]
            if d > best || (best.isNaN == false && d.isNaN && ia == 0 && q == 0) { best = d; ia = q }
        }
        return 0.5 * (s[lo + ia] + s[lo + ia + 1])
    }
}

/// nilearn `compute_epi_mask`: mean image (smoothed with fwhm 1 voxel when `opening` > 0),
/// threshold at the largest gap of the sorted intensities between the cutoffs, then
/// opening and largest connected component. Returns a uint8 0/1 image on the EPI grid.
public func computeEpiMask(_ img: Image, lowerCutoff: Double = 0.2, upperCutoff: Double = 0.85,
                           connected: Bool = true, opening: Int = 2, ensureFinite: Bool = true,
                           excludeZeros: Bool = false) throws -> Image {
    guard lowerCutoff >= 0, upperCutoff <= 1, lowerCutoff < upperCutoff else {
        throw ImagingError("compute_epi_mask: need 0 <= lower_cutoff < upper_cutoff <= 1, got \(lowerCutoff), \(upperCutoff)")
    }
    guard opening >= 0 && opening <= 10_000 else { throw ImagingError("compute_epi_mask: opening must be in 0...10000, got \(opening)") }
    let mean = Masking.computeMean(img, smoothFwhm: opening > 0 ? 1 : nil)
    return try epiMask(mean: mean, like: img, lowerCutoff: lowerCutoff, upperCutoff: upperCutoff, connected: connected,
                       opening: opening, ensureFinite: ensureFinite, excludeZeros: excludeZeros)
}

/// `compute_epi_mask` of a file, read one volume at a time: the mean is all it needs, so
/// the 4-D image is never held (same numbers as `computeEpiMask(loadImage(path))`).
public func computeEpiMask(path: String, lowerCutoff: Double = 0.2, upperCutoff: Double = 0.85,
                           connected: Bool = true, opening: Int = 2, ensureFinite: Bool = true,
                           excludeZeros: Bool = false) throws -> Image {
    guard lowerCutoff >= 0, upperCutoff <= 1, lowerCutoff < upperCutoff else {
        throw ImagingError("compute_epi_mask: need 0 <= lower_cutoff < upper_cutoff <= 1, got \(lowerCutoff), \(upperCutoff)")
    }
    guard opening >= 0 && opening <= 10_000 else { throw ImagingError("compute_epi_mask: opening must be in 0...10000, got \(opening)") }
    var sum = ContiguousArray<Double>()
    var count = 0
    let head = try NiftiReader.forEachVolume(path) { _, vol in
        if sum.isEmpty { sum = ContiguousArray(repeating: 0, count: vol.count) }
        vol.withUnsafeBufferPointer { Masking.addVolume(&sum, $0) }
        count += 1
    }
    let dims = Array(head.dims.prefix(3))
    let mean = Masking.finishMean(sum, count: count, dims: dims, smoothFwhm: opening > 0 ? 1 : nil)
    let like = try Image(shape: dims, storage: mean, affine: head.affine, dtype: .float64, header: head.header)
    return try epiMask(mean: mean, like: like, lowerCutoff: lowerCutoff, upperCutoff: upperCutoff, connected: connected,
                       opening: opening, ensureFinite: ensureFinite, excludeZeros: excludeZeros)
}

/// The EPI mask from the mean image: the histogram threshold, opening, largest component.
private func epiMask(mean: ContiguousArray<Double>, like img: Image, lowerCutoff: Double, upperCutoff: Double,
                     connected: Bool, opening: Int, ensureFinite: Bool, excludeZeros: Bool) throws -> Image {
    var mean = mean
    if ensureFinite { for p in mean.indices where !mean[p].isFinite { mean[p] = 0 } }
    let thr = try Masking.epiThreshold(mean, lower: lowerCutoff, upper: upperCutoff, excludeZeros: excludeZeros)
    let raw = BinaryVolume(dims: img.spatialShape, v: mean.map { $0 >= thr })
    let m = Masking.postProcess(raw, opening: opening, connected: connected)
    return try Masking.maskImage(m, like: img)
}

/// nilearn `compute_multi_epi_mask`: one EPI mask per image, then `intersect_masks`.
public func computeMultiEpiMask(_ imgs: [Image], lowerCutoff: Double = 0.2, upperCutoff: Double = 0.85,
                                connected: Bool = true, opening: Int = 2, threshold: Double = 0.5,
                                excludeZeros: Bool = false) throws -> Image {
    try computeMultiEpiMask(count: imgs.count, load: { imgs[$0] }, lowerCutoff: lowerCutoff, upperCutoff: upperCutoff,
                            connected: connected, opening: opening, threshold: threshold, excludeZeros: excludeZeros)
}

/// The same over images loaded one at a time (`load(i)`), so that only one 4-D image and
/// the 3-D masks are in memory (CanICA over many subjects).
public func computeMultiEpiMask(count: Int, load: (Int) throws -> Image, lowerCutoff: Double = 0.2,
                                upperCutoff: Double = 0.85, connected: Bool = true, opening: Int = 2,
                                threshold: Double = 0.5, excludeZeros: Bool = false) throws -> Image {
    let masks = try (0..<count).map {
        try computeEpiMask(try load($0), lowerCutoff: lowerCutoff, upperCutoff: upperCutoff, connected: connected,
                           opening: opening, excludeZeros: excludeZeros)
    }
    return try intersectMasks(masks, threshold: threshold, connected: connected)
}

/// nilearn `compute_background_mask`: voxels of the mean image that differ from the median
/// of the border (border_size voxels thick on each face), or the non-NaN voxels when the
/// border holds NaNs; then optional opening / largest component.
public func computeBackgroundMask(_ img: Image, borderSize: Int = 2, connected: Bool = false,
                                  opening: Int = 0) throws -> Image {
    guard borderSize >= 1 else { throw ImagingError("compute_background_mask: border_size must be >= 1") }
    guard opening >= 0 && opening <= 10_000 else { throw ImagingError("compute_background_mask: opening must be in 0...10000, got \(opening)") }
    let mean = Masking.computeMean(img, smoothFwhm: nil)
    let s = img.spatialShape, nx = s[0], ny = s[1], nz = s[2]
    var border: [Double] = []
    let b = borderSize
    func slab(_ inI: (Int) -> Bool, _ inJ: (Int) -> Bool, _ inK: (Int) -> Bool) {
        for i in 0..<nx where inI(i) { for j in 0..<ny where inJ(j) { for k in 0..<nz where inK(k) {
            border.append(mean[(k * ny + j) * nx + i])
        } } }
    }
    let all: (Int) -> Bool = { _ in true }
    slab({ $0 < b }, all, all); slab({ $0 >= max(0, nx - b) }, all, all)
    slab(all, { $0 < b }, all); slab(all, { $0 >= max(0, ny - b) }, all)
    slab(all, all, { $0 < b }); slab(all, all, { $0 >= max(0, nz - b) })
    var v: [Bool]
    if border.contains(where: { $0.isNaN }) {
        v = mean.map { !$0.isNaN }
    } else {
        border.sort()
        let n = border.count
        let median = n % 2 == 1 ? border[n / 2] : 0.5 * (border[n / 2 - 1] + border[n / 2])
        v = mean.map { $0 != median }
    }
    let m = Masking.postProcess(BinaryVolume(dims: s, v: v), opening: opening, connected: connected)
    return try Masking.maskImage(m, like: img)
}
