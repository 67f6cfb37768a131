import NLSCompute

/// nilearn.image equivalents working on `Image` (see `Image` for the data layout).
public func indexImg(_ img: Image, _ index: Int) throws -> Image {
    let n = img.volumeCount
    let t = index < 0 ? n + index : index
    guard img.is4D else { throw ImagingError("index_img: expected a 4-D image, got shape \(img.shape)") }
    guard t >= 0 && t < n else { throw ImagingError("index_img: index \(index) out of range for \(n) volumes") }
    let nvox = img.voxelsPerVolume
    let slice = ContiguousArray(img.storage[(t * nvox)..<((t + 1) * nvox)])
    return try Image(shape: img.spatialShape, storage: slice, affine: img.affine, dtype: img.dtype, header: img.header)
}

/// Volumes `indices` of a 4-D image as a new 4-D image (negative indices count from the end).
public func indexImg(_ img: Image, _ indices: [Int]) throws -> Image {
    let vols = try indices.map { try indexImg(img, $0) }
    return try concatImgs(vols)
}

/// nilearn `iter_img`: the 3-D volumes of a 4-D image (a 3-D image gives itself).
public func iterImg(_ img: Image) throws -> [Image] {
    guard img.is4D else { return [img] }
    return try (0..<img.volumeCount).map { try indexImg(img, $0) }
}

/// nilearn `concat_imgs`: 3-D and/or 4-D images on the same grid → one 4-D image.
public func concatImgs(_ imgs: [Image]) throws -> Image {
    guard let first = imgs.first else { throw ImagingError("concat_imgs: no image given") }
    var storage = ContiguousArray<Double>()
    var n = 0
    var dtype = first.dtype
    for (i, img) in imgs.enumerated() {
        guard img.spatialShape == first.spatialShape, Affine.close(img.affine, first.affine) else {
            throw ImagingError("concat_imgs: image \(i) (shape \(img.shape)) is not on the grid of image 0 (shape \(first.shape)); resample it first")
        }
        if img.dtype == .float64 || (img.dtype == .float32 && dtype != .float64) { dtype = img.dtype }
        storage.append(contentsOf: img.storage)
        n += img.volumeCount
    }
    var h = first.header
    if dtype != first.dtype { h.datatype = dtype == .float64 ? .float64 : .float32; h.sclSlope = 0; h.sclInter = 0 }
    return try Image(shape: first.spatialShape + [n], storage: storage, affine: first.affine, dtype: dtype, header: h)
}

/// nilearn `mean_img`: mean over time of a 4-D image (3-D images are returned as float).
public func meanImg(_ img: Image) throws -> Image {
    let mean = Masking.computeMean(img, smoothFwhm: nil)
    var h = img.header
    h.datatype = img.dtype == .float32 ? .float32 : .float64
    h.sclSlope = 0; h.sclInter = 0
    return try Image(shape: img.spatialShape, storage: mean, affine: img.affine,
                     dtype: img.dtype == .float32 ? .float32 : .float64, header: h)
}

/// nilearn `new_img_like(ref, data)`: data given in this module's layout (`[nt, nz, ny, nx]`
/// or `[nz, ny, nx]`, i.e. NIfTI order), placed on `ref`'s grid with its header.
public func newImgLike(_ ref: Image, data: NDArray, affine: [Double]? = nil) throws -> Image {
    let shape = Array(data.shape.reversed())
    guard shape.count == 3 || shape.count == 4, Array(shape.prefix(3)) == ref.spatialShape || affine != nil else {
        throw ImagingError("new_img_like: data shape \(shape) does not match the reference grid \(ref.spatialShape)")
    }
    var h = ref.header
    h.sclSlope = 0; h.sclInter = 0
    switch data.dtype {
    case .float64: h.datatype = .float64
    case .float32: h.datatype = .float32
    case .bool: h.datatype = .uint8
    case .int64: h.datatype = .int32
    }
    return try Image(shape: shape, storage: data.storage, affine: affine ?? ref.affine, dtype: data.dtype, header: h)
}

/// mathImg-style element-wise combination of images on the same grid. `body` receives the
/// values of all images at one voxel (same volume index; 3-D images broadcast over time).
public func mathImg(_ imgs: [Image], _ body: ([Double]) -> Double) throws -> Image {
    guard let first = imgs.max(by: { $0.volumeCount < $1.volumeCount }) else {
        throw ImagingError("math_img: no image given")
    }
    let nvox = first.voxelsPerVolume, nt = first.volumeCount
    for (i, img) in imgs.enumerated() {
        guard img.spatialShape == first.spatialShape, Affine.close(img.affine, first.affine) else {
            throw ImagingError("math_img: image \(i) is not on the same grid as the others; resample it first")
        }
        guard img.volumeCount == nt || img.volumeCount == 1 else {
            throw ImagingError("math_img: image \(i) has \(img.volumeCount) volumes, expected \(nt) or 1")
        }
    }
    var out = ContiguousArray<Double>(repeating: 0, count: nvox * nt)
    var args = [Double](repeating: 0, count: imgs.count)
    let stores = imgs.map { $0.storage }
    for t in 0..<nt { for p in 0..<nvox {
        for (n, img) in imgs.enumerated() { args[n] = stores[n][(img.volumeCount == 1 ? 0 : t) * nvox + p] }
        out[t * nvox + p] = body(args)
    } }
    var h = first.header
    h.datatype = .float64; h.sclSlope = 0; h.sclInter = 0
    return try Image(shape: first.shape, storage: out, affine: first.affine, dtype: .float64, header: h)
}

/// nilearn `threshold_img(img, threshold, two_sided)`: two-sided zeroes values strictly
/// between -threshold and threshold; one-sided zeroes values below threshold (above it for
/// a negative threshold). An optional mask zeroes voxels outside it first.
public func thresholdImg(_ img: Image, threshold: Double, twoSided: Bool = true, mask: Image? = nil) throws -> Image {
    guard threshold.isFinite else { throw ImagingError("threshold_img: threshold must be finite") }
    if twoSided && threshold < 0 {
        throw ImagingError("threshold_img: threshold should be non-negative when two_sided=True, got \(threshold)")
    }
    var s = img.storage
    let nvox = img.voxelsPerVolume
    if let m = mask {
        try Masking.checkSameGrid(img, m, what: "threshold_img")
        let b = try Masking.binary(m)
        for i in s.indices where !b.v[i % nvox] { s[i] = 0 }
    }
    for i in s.indices {
        let v = s[i]
        let drop: Bool
        if twoSided { drop = -threshold < v && v < threshold }
        else if threshold >= 0 { drop = v < threshold }
        else { drop = v > threshold }
        if drop { s[i] = 0 }
    }
    var out = img
    try out.setStorage(s, dtype: img.dtype)
    return out
}

/// nilearn `crop_img(img, rtol=1e-8, pad=True)`: smallest box holding every voxel (of any
/// volume) with |value| > rtol · max|value|, padded by one voxel, affine shifted accordingly.
public func cropImg(_ img: Image, rtol: Double = 1e-8, pad: Bool = true) throws -> Image {
    let s = img.spatialShape, nx = s[0], ny = s[1], nz = s[2], nvox = img.voxelsPerVolume
    let maxAbs = img.storage.reduce(0.0) { max($0, abs($1)) }
    var lo = [Int.max, Int.max, Int.max], hi = [-1, -1, -1]
    for (n, v) in img.storage.enumerated() where abs(v) > rtol * maxAbs {
        let p = n % nvox
        let c = [p % nx, (p / nx) % ny, p / (nx * ny)]
        for a in 0..<3 { lo[a] = min(lo[a], c[a]); hi[a] = max(hi[a], c[a]) }
    }
    guard hi[0] >= 0 else { return img }
    if pad { for a in 0..<3 { lo[a] = max(lo[a] - 1, 0); hi[a] = min(hi[a] + 1, s[a] - 1) } }
    let cs = (0..<3).map { hi[$0] - lo[$0] + 1 }
    var out = ContiguousArray<Double>()
    out.reserveCapacity(cs[0] * cs[1] * cs[2] * img.volumeCount)
    for t in 0..<img.volumeCount { for k in lo[2]...hi[2] { for j in lo[1]...hi[1] {
        let base = t * nvox + (k * ny + j) * nx
        out.append(contentsOf: img.storage[(base + lo[0])...(base + hi[0])])
    } } }
    var aff = img.affine
    let (x, y, z) = Affine.apply(img.affine, (Double(lo[0]), Double(lo[1]), Double(lo[2])))
    aff[3] = x; aff[7] = y; aff[11] = z
    _ = nz
    var h = img.header
    h.qform = aff; h.sform = aff
    let shape = img.is4D ? cs + [img.volumeCount] : cs
    return try Image(shape: shape, storage: out, affine: aff, dtype: img.dtype, header: h)
}
