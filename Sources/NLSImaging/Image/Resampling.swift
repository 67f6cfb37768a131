import Foundation
import NLSCompute

/// Interpolation for `resampleImg` / `resampleToImg`.
public enum Interpolation: String, Sendable {
    case nearest
    case linear
    /// nilearn's 'continuous': cubic B-spline (order 3) with scipy's mirror-boundary prefilter.
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
    let (bytes, o2) = total.multipliedReportingOverflow(by: 8)
    guard !o, !o2 else { throw ImagingError("resample_img: target grid \(targetShape) is too large for memory") }
    do { try MemoryBudget.check(bytes: bytes, "resample_img: target grid \(targetShape) × \(nt) volumes") }
    catch { throw ImagingError("\(error)") }
    var out = ContiguousArray<Double>(repeating: fillValue, count: total)
    let eps = 1e-9
    // cubic: B-spline coefficients of each volume (scipy spline_filter, mode 'constant' = mirror)
    let coeffs: ContiguousArray<Double>? = interpolation == .continuous ? Spline.prefilter(img.storage, dims: s) : nil
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
                } else if let c = coeffs {
                    guard inside else { continue }
                    c.withUnsafeBufferPointer { cb in
                        for t in 0..<nt {
                            dst[t * tvox + tp] = Spline.evaluate(cb, base: t * nvox, dims: (nx, ny, nz), x, y, z)
                        }
                    }
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
    if interpolation != .nearest {
        // nilearn resample_img(clip=True): clip to [min(data, 0), max(data, 0)]
        var lo = 0.0, hi = 0.0
        for v in img.storage where !v.isNaN { lo = min(lo, v); hi = max(hi, v) }
        for i in out.indices { out[i] = min(max(out[i], lo), hi) }
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

/// Cubic B-spline interpolation as scipy.ndimage (order 3, prefilter with mirror boundary,
/// coefficients beyond the edges mirrored).
enum Spline {
    static let pole = 3.0.squareRoot() - 2

    /// In-place cubic B-spline prefilter of one line (scipy `apply_filter`, mirror init).
    static func filterLine(_ c: inout [Double]) {
        let n = c.count
        guard n > 1 else { return }
        let z = pole
        let gain = (1 - z) * (1 - 1 / z)
        for i in 0..<n { c[i] *= gain }
        // causal init (mirror)
        var zi = z
        let zn1 = pow(z, Double(n - 1))
        var c0 = c[0] + zn1 * c[n - 1]
        if n > 2 { for i in 1..<(n - 1) { c0 += zi * (c[i] + zn1 * c[n - 1 - i]); zi *= z } }
        c[0] = c0 / (1 - zn1 * zn1)
        for i in 1..<n { c[i] += z * c[i - 1] }
        // anti-causal init (mirror)
        c[n - 1] = (z * c[n - 2] + c[n - 1]) * z / (z * z - 1)
        for i in stride(from: n - 2, through: 0, by: -1) { c[i] = z * (c[i + 1] - c[i]) }
    }

    static func prefilter(_ data: ContiguousArray<Double>, dims: [Int]) -> ContiguousArray<Double> {
        var out = data
        let nx = dims[0], ny = dims[1], nz = dims[2], nvox = nx * ny * nz
        guard nvox > 0 else { return out }
        let nvol = data.count / nvox
        let lens = [nx, ny, nz], strides = [1, nx, nx * ny]
        for axis in 0..<3 where lens[axis] > 1 {
            let o1 = axis == 0 ? 1 : 0, o2 = axis == 2 ? 1 : 2
            var line = [Double](repeating: 0, count: lens[axis])
            for t in 0..<nvol { for b in 0..<lens[o2] { for a in 0..<lens[o1] {
                let start = t * nvox + a * strides[o1] + b * strides[o2]
                for x in 0..<lens[axis] { line[x] = out[start + x * strides[axis]] }
                filterLine(&line)
                for x in 0..<lens[axis] { out[start + x * strides[axis]] = line[x] }
            } } }
        }
        return out
    }

    @inline(__always) static func weights(_ t: Double) -> (Double, Double, Double, Double) {
        let t2 = t * t, t3 = t2 * t
        let w0 = (1 - t) * (1 - t) * (1 - t) / 6
        let w1 = (4 - 6 * t2 + 3 * t3) / 6
        let w2 = (1 + 3 * t + 3 * t2 - 3 * t3) / 6
        return (w0, w1, w2, t3 / 6)
    }

    @inline(__always) static func mirror(_ i: Int, _ n: Int) -> Int {
        if n == 1 { return 0 }
        let p = 2 * (n - 1)
        var m = i % p
        if m < 0 { m += p }
        return m < n ? m : p - m
    }

    static func evaluate(_ c: UnsafeBufferPointer<Double>, base: Int, dims: (Int, Int, Int),
                         _ x: Double, _ y: Double, _ z: Double) -> Double {
        let (nx, ny, nz) = dims
        let fx = x.rounded(.down), fy = y.rounded(.down), fz = z.rounded(.down)
        let wx = weights(x - fx), wy = weights(y - fy), wz = weights(z - fz)
        let ax = [wx.0, wx.1, wx.2, wx.3], ay = [wy.0, wy.1, wy.2, wy.3], az = [wz.0, wz.1, wz.2, wz.3]
        let ix = (0..<4).map { mirror(Int(fx) - 1 + $0, nx) }
        let iy = (0..<4).map { mirror(Int(fy) - 1 + $0, ny) }
        let iz = (0..<4).map { mirror(Int(fz) - 1 + $0, nz) }
        var s = 0.0
        for c3 in 0..<4 {
            var sy = 0.0
            for b in 0..<4 {
                let row = base + (iz[c3] * ny + iy[b]) * nx
                var sx = 0.0
                for a in 0..<4 { sx += ax[a] * c[row + ix[a]] }
                sy += ay[b] * sx
            }
            s += az[c3] * sy
        }
        return s
    }
}
