import NLSCompute

/// Interpolation for `resampleImg` / `resampleToImg`.
public enum Interpolation: String, Sendable {
    case nearest
    case linear
    /// nilearn's 'continuous' is a cubic spline (order 3); here it is computed with linear
    /// interpolation (order 1) — documented deviation, identical when no resampling is needed.
    case continuous
}

/// nilearn `resample_img(img, target_affine, target_shape, interpolation)`: every target voxel
/// v takes the source value at inv(A_source) · A_target · v (scipy `affine_transform`,
/// mode 'constant', fill 0: points outside the source grid get 0). Applied per volume.
public func resampleImg(_ img: Image, targetAffine: [Double], targetShape: [Int],
                        interpolation: Interpolation = .continuous, fillValue: Double = 0) throws -> Image {
    guard targetShape.count == 3, targetShape.allSatisfy({ $0 >= 1 }) else {
        throw ImagingError("resample_img: target_shape must be three positive sizes, got \(targetShape)")
    }
    guard targetAffine.count == 16, targetAffine.allSatisfy({ $0.isFinite }) else {
        throw ImagingError("resample_img: target_affine must be 16 finite numbers")
    }
    if targetShape == img.spatialShape && Affine.close(targetAffine, img.affine, tol: 1e-9) { return img }
    guard let inv = Affine.inverse(img.affine) else { throw ImagingError("resample_img: the image affine is singular") }
    let m = Affine.multiply(inv, targetAffine)
    let s = img.spatialShape, nx = s[0], ny = s[1], nz = s[2]
    let tx = targetShape[0], ty = targetShape[1], tz = targetShape[2]
    let nt = img.volumeCount, nvox = nx * ny * nz, tvox = tx * ty * tz
    let (total, o) = tvox.multipliedReportingOverflow(by: nt)
    guard !o, total < Int(1) << 34 else { throw ImagingError("resample_img: target grid \(targetShape) is too large") }
    var out = ContiguousArray<Double>(repeating: fillValue, count: total)
    let eps = 1e-9
    img.storage.withUnsafeBufferPointer { src in
        out.withUnsafeMutableBufferPointer { dst in
            for k in 0..<tz { for j in 0..<ty { for i in 0..<tx {
                let (x, y, z) = Affine.apply(m, (Double(i), Double(j), Double(k)))
                let tp = (k * ty + j) * tx + i
                let inside = x >= -eps && y >= -eps && z >= -eps &&
                    x <= Double(nx - 1) + eps && y <= Double(ny - 1) + eps && z <= Double(nz - 1) + eps
                if interpolation == .nearest {
                    guard inside else { continue }
                    let xi = Int((x + 0.5).rounded(.down)), yi = Int((y + 0.5).rounded(.down)), zi = Int((z + 0.5).rounded(.down))
                    guard x.isFinite, xi >= 0, yi >= 0, zi >= 0, xi < nx, yi < ny, zi < nz else { continue }
                    let sp = (zi * ny + yi) * nx + xi
                    for t in 0..<nt { dst[t * tvox + tp] = src[t * nvox + sp] }
                } else {
                    guard inside else { continue }
                    let x0 = min(max(Int(x.rounded(.down)), 0), max(nx - 2, 0))
                    let y0 = min(max(Int(y.rounded(.down)), 0), max(ny - 2, 0))
                    let z0 = min(max(Int(z.rounded(.down)), 0), max(nz - 2, 0))
                    let fx = nx > 1 ? x - Double(x0) : 0, fy = ny > 1 ? y - Double(y0) : 0, fz = nz > 1 ? z - Double(z0) : 0
                    let x1 = min(x0 + 1, nx - 1), y1 = min(y0 + 1, ny - 1), z1 = min(z0 + 1, nz - 1)
                    for t in 0..<nt {
                        let b = t * nvox
                        func at(_ a: Int, _ bb: Int, _ c: Int) -> Double { src[b + (c * ny + bb) * nx + a] }
                        let c00 = at(x0, y0, z0) * (1 - fx) + at(x1, y0, z0) * fx
                        let c10 = at(x0, y1, z0) * (1 - fx) + at(x1, y1, z0) * fx
                        let c01 = at(x0, y0, z1) * (1 - fx) + at(x1, y0, z1) * fx
                        let c11 = at(x0, y1, z1) * (1 - fx) + at(x1, y1, z1) * fx
                        let c0 = c00 * (1 - fy) + c10 * fy, c1 = c01 * (1 - fy) + c11 * fy
                        dst[t * tvox + tp] = c0 * (1 - fz) + c1 * fz
                    }
                }
            } } }
        }
    }
    var h = img.header
    let dtype: DType
    if interpolation == .nearest { dtype = img.dtype }
    else { dtype = img.dtype == .float64 ? .float64 : .float32 }
    if dtype != img.dtype { h.datatype = dtype == .float64 ? .float64 : .float32; h.sclSlope = 0; h.sclInter = 0 }
    h.qform = targetAffine; h.sform = targetAffine
    let shape = img.is4D ? targetShape + [nt] : targetShape
    return try Image(shape: shape, storage: out, affine: targetAffine, dtype: dtype, header: h)
}

/// nilearn `resample_to_img(source, target, interpolation)`: resample onto target's grid.
public func resampleToImg(_ source: Image, _ target: Image, interpolation: Interpolation = .continuous) throws -> Image {
    try resampleImg(source, targetAffine: target.affine, targetShape: target.spatialShape, interpolation: interpolation)
}
