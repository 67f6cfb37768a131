import NLSCompute

/// nilearn's masking functions (`nilearn/masking.py`).
public enum Masking {
    /// `load_mask_img`: a 3-D image (or 4-D with one volume) holding exactly two values one
    /// of which is 0, or a single non-zero value. Non-finite values count as 0.
    static func binary(_ mask: Image, name: String = "mask", allowEmpty: Bool = false) throws -> BinaryVolume {
        guard mask.volumeCount == 1 else {
            throw ImagingError("\(name): expected a 3-D mask image, got shape \(mask.shape)")
        }
        var values = Set<Double>()
        for x in mask.storage {
            values.insert(x.isFinite ? x : 0)
            if values.count > 2 { break }
        }
        if values.count == 1 {
            if values.first == 0 && !allowEmpty { throw ImagingError("\(name): the mask is empty (all zeros): it masks all data") }
        } else if values.count == 2 {
            guard values.contains(0) else {
                throw ImagingError("\(name): background of the mask must be 0; it contains \(values.sorted())")
            }
        } else {
            throw ImagingError("\(name): the mask is not made of 2 values (found more than two distinct values); cannot interpret it as true/false")
        }
        return BinaryVolume(dims: mask.spatialShape, v: mask.storage.map { $0.isFinite && $0 != 0 })
    }

    /// Flat NIfTI-order offsets of the mask voxels in nilearn column order:
    /// `np.where(mask)` = C order over (i, j, k), k fastest.
    static func columnOffsets(_ m: BinaryVolume) -> [Int] {
        var out: [Int] = []
        for i in 0..<m.nx { for j in 0..<m.ny { for k in 0..<m.nz {
            let p = m.idx(i, j, k)
            if m.v[p] { out.append(p) }
        } } }
        return out
    }

    static func checkSameGrid(_ img: Image, _ mask: Image, what: String) throws {
        guard img.spatialShape == mask.spatialShape, Affine.close(img.affine, mask.affine) else {
            throw ImagingError("\(what): the image (shape \(img.spatialShape)) and the mask (shape \(mask.spatialShape)) are not on the same grid (shape or affine differ); resample one with resample_to_img first")
        }
    }

    /// Image built from a binary volume on `like`'s grid (uint8/int8 0/1 values, like nilearn's masks).
    static func maskImage(_ m: BinaryVolume, like: Image) throws -> Image {
        var h = like.header
        h.datatype = .uint8; h.sclSlope = 0; h.sclInter = 0
        return try Image(shape: [m.nx, m.ny, m.nz], storage: ContiguousArray(m.v.map { $0 ? 1.0 : 0.0 }),
                         affine: like.affine, dtype: .int64, header: h)
    }
}

/// nilearn `apply_mask(imgs, mask_img)`: returns `[n_volumes × n_mask_voxels]`, columns in
/// `np.where(mask)` order. Integer input gives a float32-tagged array, floats keep their dtype.
public func applyMask(_ img: Image, _ mask: Image) throws -> NDArray {
    let m = try Masking.binary(mask)
    try Masking.checkSameGrid(img, mask, what: "apply_mask")
    return applyMask(img, offsets: Masking.columnOffsets(m))
}

func applyMask(_ img: Image, offsets: [Int]) -> NDArray {
    let nt = img.volumeCount, nv = offsets.count, nvox = img.voxelsPerVolume
    var out = ContiguousArray<Double>(repeating: 0, count: nt * nv)
    img.storage.withUnsafeBufferPointer { src in
        out.withUnsafeMutableBufferPointer { dst in
            for t in 0..<nt {
                let base = t * nvox, row = t * nv
                for (c, p) in offsets.enumerated() { dst[row + c] = src[base + p] }
            }
        }
    }
    let dtype: DType = img.dtype == .float64 ? .float64 : .float32
    return NDArray(shape: [nt, nv], storage: out, dtype: dtype)
}

/// nilearn `unmask(X, mask_img)`: a 2-D `[n_volumes × n_voxels]` array gives a 4-D image, a
/// 1-D array (or one row) a 3-D image; voxels outside the mask are 0.
public func unmask(_ x: NDArray, _ mask: Image) throws -> Image {
    let m = try Masking.binary(mask)
    let offsets = Masking.columnOffsets(m)
    let nv = offsets.count
    let nt: Int, fourD: Bool
    switch x.ndim {
    case 1: nt = 1; fourD = false
    case 2: nt = x.shape[0]; fourD = true
    default: throw ImagingError("unmask: masked data must be 1-D or 2-D, got shape \(x.shape)")
    }
    let ncols = x.ndim == 1 ? x.shape[0] : x.shape[1]
    guard ncols == nv else {
        throw ImagingError("unmask: data have \(ncols) columns but the mask has \(nv) voxels")
    }
    let nvox = m.v.count
    var out = ContiguousArray<Double>(repeating: 0, count: nvox * nt)
    x.storage.withUnsafeBufferPointer { src in
        out.withUnsafeMutableBufferPointer { dst in
            for t in 0..<nt { for (c, p) in offsets.enumerated() { dst[t * nvox + p] = src[t * nv + c] } }
        }
    }
    var h = mask.header
    h.datatype = x.dtype == .float64 ? .float64 : (x.dtype == .float32 ? .float32 : .int32)
    h.sclSlope = 0; h.sclInter = 0
    if x.dtype == .bool { h.datatype = .uint8 }
    let shape = fourD ? [m.nx, m.ny, m.nz, nt] : [m.nx, m.ny, m.nz]
    return try Image(shape: shape, storage: out, affine: mask.affine, dtype: x.dtype, header: h)
}

/// Number of voxels in a (valid) mask image.
public func maskVoxelCount(_ mask: Image) throws -> Int { try Masking.binary(mask).count }

/// nilearn `intersect_masks(mask_imgs, threshold, connected)`: keeps voxels present in more
/// than `threshold · n` masks (threshold 1 means all), then the largest connected component.
public func intersectMasks(_ masks: [Image], threshold: Double = 0.5, connected: Bool = true) throws -> Image {
    guard !masks.isEmpty else { throw ImagingError("intersect_masks: no mask provided") }
    guard threshold >= 0 && threshold <= 1 else { throw ImagingError("intersect_masks: threshold must be in [0, 1], got \(threshold)") }
    let thr = min(threshold, 1 - 1e-7)
    var counts = [Int](repeating: 0, count: masks[0].voxelsPerVolume)
    for (n, img) in masks.enumerated() {
        if n > 0 { try Masking.checkSameGrid(img, masks[0], what: "intersect_masks (mask \(n))") }
        let b = try Masking.binary(img, name: "intersect_masks (mask \(n))", allowEmpty: true)
        for (i, x) in b.v.enumerated() where x { counts[i] += 1 }
    }
    let limit = thr * Double(masks.count)
    var grp = BinaryVolume(dims: masks[0].spatialShape, v: counts.map { Double($0) > limit })
    if grp.any && connected { grp = grp.largestComponent() }
    var out = try Masking.maskImage(grp, like: masks[0])
    out.header.datatype = .int8
    return out
}
