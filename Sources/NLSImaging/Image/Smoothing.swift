import Foundation
import NLSCompute

/// Gaussian smoothing as nilearn's `smooth_array`: sigma = fwhm / (sqrt(8 ln 2) · voxel size)
/// per axis (voxel size = column norms of affine[:3, :3]), one scipy `gaussian_filter1d`
/// per spatial axis (truncate 4.0, kernel radius int(4σ + 0.5), mode 'reflect' =
/// half-sample symmetric), non-finite values set to 0 first.
public enum Smoothing {
    static let fwhmOverSigma = (8 * log(2.0)).squareRoot()

    static func kernel(sigma: Double) -> [Double] {
        let radius = Int(4.0 * sigma + 0.5)
        var w = (-radius...radius).map { exp(-0.5 * Double($0 * $0) / (sigma * sigma)) }
        let s = w.reduce(0, +)
        for i in w.indices { w[i] /= s }
        return w
    }

    /// scipy 'reflect' boundary: (d c b a | a b c d | d c b a), periodic with period 2n.
    @inline(__always) static func reflect(_ i: Int, _ n: Int) -> Int {
        if n == 1 { return 0 }
        var m = i % (2 * n)
        if m < 0 { m += 2 * n }
        return m < n ? m : 2 * n - 1 - m
    }

    /// Smooths every 3-D volume of `storage` (NIfTI order, dims nx, ny, nz) in place.
    static func smooth(_ storage: inout ContiguousArray<Double>, dims: [Int], sigmas: [Double]) {
        let nx = dims[0], ny = dims[1], nz = dims[2]
        let nvox = nx * ny * nz
        guard nvox > 0 else { return }
        let nvol = storage.count / nvox
        for i in storage.indices where !storage[i].isFinite { storage[i] = 0 }
        let strides = [1, nx, nx * ny], lens = [nx, ny, nz]
        storage.withUnsafeMutableBufferPointer { buf in
            for axis in 0..<3 where sigmas[axis] > 0 {
                let weights = kernel(sigma: sigmas[axis])
                let n = lens[axis], st = strides[axis]
                // Each line along `axis` is copied out with its reflected borders, so the
                // convolution itself has no index arithmetic beyond one offset.
                let r = weights.count / 2
                let padded = UnsafeMutablePointer<Double>.allocate(capacity: n + 2 * r)
                let w = UnsafeMutablePointer<Double>.allocate(capacity: weights.count)
                defer { padded.deallocate(); w.deallocate() }
                w.initialize(from: weights, count: weights.count)
                let taps = weights.count
                if axis > 0 {
                    // Along y or z whole rows of `st` contiguous values move together: the
                    // sum over taps runs over contiguous memory and vectorises.
                    smoothAcrossRows(buf, count: nvol * nvox, rowLength: st, rows: n, weights: weights)
                    continue
                }
                let o1 = 1, o2 = 2
                for t in 0..<nvol {
                    let base = t * nvox
                    for b in 0..<lens[o2] { for a in 0..<lens[o1] {
                        let line = buf.baseAddress! + base + a * strides[o1] + b * strides[o2]
                        for x in 0..<(n + 2 * r) { padded[x] = line[reflect(x - r, n) * st] }
                        // Taps outside, positions inside: the inner loop vectorises and each
                        // output still sums its taps in order from 0.
                        for x in 0..<n { line[x] = 0 }
                        for q in 0..<taps {
                            let wq = w[q], window = padded + q
                            for x in 0..<n { line[x] += wq * window[x] }
                        }
                    } }
                }
            }
        }
    }

    /// Convolves along an axis whose neighbours are `rowLength` values apart: the data are
    /// blocks of `rows` rows of `rowLength` values, each block convolved row-wise (reflect).
    static func smoothAcrossRows(_ buf: UnsafeMutableBufferPointer<Double>, count: Int, rowLength: Int, rows n: Int,
                                 weights: [Double]) {
        let block = rowLength * n, r = weights.count / 2
        let copy = UnsafeMutablePointer<Double>.allocate(capacity: block)
        defer { copy.deallocate() }
        var start = 0
        while start + block <= count {
            let out = buf.baseAddress! + start
            copy.update(from: out, count: block)
            for y in 0..<n {
                let dst = out + y * rowLength
                for j in 0..<rowLength { dst[j] = 0 }
                for (q, wq) in weights.enumerated() {
                    let src = copy + reflect(y - r + q, n) * rowLength
                    for j in 0..<rowLength { dst[j] += wq * src[j] }
                }
            }
            start += block
        }
    }

    /// Sigmas with a sanity bound on the kernel size (a runaway fwhm must not exhaust memory).
    static func checkedSigmas(fwhm: [Double], voxelSize: [Double]) throws -> [Double] {
        let s = sigmas(fwhm: fwhm, voxelSize: voxelSize)
        guard s.allSatisfy({ $0.isFinite && $0 <= 250_000 }) else {
            throw ImagingError("smooth_img: fwhm \(fwhm) is too large for voxel size \(voxelSize)")
        }
        return s
    }

    static func sigmas(fwhm: [Double], voxelSize: [Double]) -> [Double] {
        (0..<3).map { a in
            let f = fwhm.count == 1 ? fwhm[0] : fwhm[a]
            return voxelSize[a] > 0 ? f / (fwhmOverSigma * voxelSize[a]) : 0
        }
    }
}

/// nilearn `smooth_img(img, fwhm)`: fwhm in mm (one value or one per axis); nil or 0 returns
/// the image unchanged (integer data still become float32, as nilearn casts first).
public func smoothImg(_ img: Image, fwhm: [Double]?) throws -> Image {
    var storage = img.storage
    let dtype: DType = img.dtype == .float64 ? .float64 : .float32
    if let f = fwhm, !(f.count == 1 && f[0] == 0) {
        guard f.count == 1 || f.count == 3, f.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
            throw ImagingError("smooth_img: fwhm must be one or three finite non-negative numbers, got \(f)")
        }
        let sigmas = try Smoothing.checkedSigmas(fwhm: f, voxelSize: img.voxelSize)
        Smoothing.smooth(&storage, dims: img.spatialShape, sigmas: sigmas)
    } else {
        for i in storage.indices where !storage[i].isFinite { storage[i] = 0 }
    }
    var out = img
    try out.setStorage(storage, dtype: dtype)
    out.header.datatype = dtype == .float64 ? .float64 : .float32
    out.header.sclSlope = 0; out.header.sclInter = 0
    return out
}

public func smoothImg(_ img: Image, fwhm: Double?) throws -> Image {
    try smoothImg(img, fwhm: fwhm.map { [$0] })
}
