import NLSCompute

/// A 3-D or 4-D NIfTI volume with its affine and the header fields kept for round trips.
///
/// Layout: `data` is a row-major `NDArray` whose shape is the nibabel shape *reversed*:
/// `[nt, nz, ny, nx]` for 4-D images and `[nz, ny, nx]` for 3-D ones, so its storage is
/// exactly the NIfTI on-disk order (i fastest). Voxel (i, j, k, t) lives at
/// `((t * nz + k) * ny + j) * nx + i`; each volume is one contiguous block. `shape` gives
/// the nibabel order `[nx, ny, nz(, nt)]`. Use `nibabelOrderArray()` for a `[nx, ny, nz, nt]`
/// row-major copy (what `img.get_fdata()` returns in Python).
public struct Image: Sendable, Equatable {
    public private(set) var data: NDArray
    /// 4×4 voxel-to-world matrix, row-major (nibabel's `img.affine`).
    public var affine: [Double]
    public var header: NiftiHeader

    /// - Parameters:
    ///   - shape: nibabel order `[nx, ny, nz]` or `[nx, ny, nz, nt]`.
    ///   - storage: values in NIfTI order (i fastest), count = product of `shape`.
    public init(shape: [Int], storage: ContiguousArray<Double>, affine: [Double],
                dtype: DType = .float64, header: NiftiHeader = NiftiHeader()) throws {
        guard shape.count == 3 || shape.count == 4 else {
            throw ImagingError("image: expected a 3-D or 4-D shape, got \(shape)")
        }
        guard shape.allSatisfy({ $0 >= 1 }) else { throw ImagingError("image: invalid shape \(shape)") }
        var n = 1
        for d in shape {
            let (r, o) = n.multipliedReportingOverflow(by: d)
            guard !o else { throw ImagingError("image: shape \(shape) overflows") }
            n = r
        }
        guard n == storage.count else {
            throw ImagingError("image: shape \(shape) needs \(n) values, got \(storage.count)")
        }
        guard affine.count == 16, affine.allSatisfy({ $0.isFinite }) else {
            throw ImagingError("image: the affine must be 16 finite numbers (4×4 row-major)")
        }
        self.data = NDArray(shape: Array(shape.reversed()), storage: storage, dtype: dtype)
        self.affine = affine
        self.header = header
    }

    /// Wraps an array already in the layout described above (shape `[nt, nz, ny, nx]` or `[nz, ny, nx]`).
    public init(data: NDArray, affine: [Double], header: NiftiHeader = NiftiHeader()) throws {
        try self.init(shape: Array(data.shape.reversed()), storage: data.storage, affine: affine,
                      dtype: data.dtype, header: header)
    }

    /// nibabel-order shape `[nx, ny, nz]` or `[nx, ny, nz, nt]`.
    public var shape: [Int] { Array(data.shape.reversed()) }
    public var is4D: Bool { data.ndim == 4 }
    public var spatialShape: [Int] { Array(shape.prefix(3)) }
    public var voxelsPerVolume: Int { spatialShape.reduce(1, *) }
    public var volumeCount: Int { is4D ? data.shape[0] : 1 }
    public var dtype: DType { data.dtype }
    public var storage: ContiguousArray<Double> { data.storage }

    /// Voxel sizes as nilearn computes them: column norms of affine[:3, :3].
    public var voxelSize: [Double] {
        (0..<3).map { c in (0..<3).reduce(0.0) { $0 + affine[$1 * 4 + c] * affine[$1 * 4 + c] }.squareRoot() }
    }

    /// Repetition time from the header (seconds), nil when absent.
    public var repetitionTime: Double? { is4D ? header.repetitionTime : nil }

    /// Value at voxel (i, j, k) of volume t; nil when out of range.
    public func value(_ i: Int, _ j: Int, _ k: Int, _ t: Int = 0) -> Double? {
        let s = shape
        guard i >= 0, j >= 0, k >= 0, t >= 0, i < s[0], j < s[1], k < s[2], t < volumeCount else { return nil }
        return data.storage[((t * s[2] + k) * s[1] + j) * s[0] + i]
    }

    /// Replaces the voxel values (same layout/count); used by element-wise operations.
    public mutating func setStorage(_ storage: ContiguousArray<Double>, dtype: DType) throws {
        guard storage.count == data.size else {
            throw ImagingError("image: replacement data has \(storage.count) values, expected \(data.size)")
        }
        data = NDArray(shape: data.shape, storage: storage, dtype: dtype)
    }

    /// A row-major copy with nibabel's shape `[nx, ny, nz(, nt)]` (i slowest, t fastest).
    public func nibabelOrderArray() -> NDArray {
        let s = shape
        let nx = s[0], ny = s[1], nz = s[2], nt = volumeCount
        var out = ContiguousArray<Double>(repeating: 0, count: data.size)
        data.storage.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for t in 0..<nt { for k in 0..<nz { for j in 0..<ny { for i in 0..<nx {
                    dst[((i * ny + j) * nz + k) * nt + t] = src[((t * nz + k) * ny + j) * nx + i]
                } } } }
            }
        }
        return NDArray(shape: s, storage: out, dtype: data.dtype)
    }

    /// Builds an image from a row-major `[nx, ny, nz(, nt)]` array (inverse of `nibabelOrderArray`).
    public static func fromNibabelOrder(_ a: NDArray, affine: [Double], header: NiftiHeader = NiftiHeader()) throws -> Image {
        guard a.ndim == 3 || a.ndim == 4 else { throw ImagingError("image: expected a 3-D or 4-D array, got shape \(a.shape)") }
        let nx = a.shape[0], ny = a.shape[1], nz = a.shape[2], nt = a.ndim == 4 ? a.shape[3] : 1
        var out = ContiguousArray<Double>(repeating: 0, count: a.size)
        a.storage.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for i in 0..<nx { for j in 0..<ny { for k in 0..<nz { for t in 0..<nt {
                    dst[((t * nz + k) * ny + j) * nx + i] = src[((i * ny + j) * nz + k) * nt + t]
                } } } }
            }
        }
        return try Image(shape: a.shape, storage: out, affine: affine, dtype: a.dtype, header: header)
    }
}

/// 4×4 affine helpers (row-major [Double] of 16).
public enum Affine {
    public static let identity: [Double] = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]

    public static func multiply(_ a: [Double], _ b: [Double]) -> [Double] {
        var c = [Double](repeating: 0, count: 16)
        for i in 0..<4 { for j in 0..<4 {
            var s = 0.0
            for k in 0..<4 { s += a[i * 4 + k] * b[k * 4 + j] }
            c[i * 4 + j] = s
        } }
        return c
    }

    /// Inverse of a 4×4 matrix (Gauss-Jordan with partial pivoting); nil when singular.
    public static func inverse(_ m: [Double]) -> [Double]? {
        var a = m, inv = identity
        for col in 0..<4 {
            var piv = col
            for r in col..<4 where abs(a[r * 4 + col]) > abs(a[piv * 4 + col]) { piv = r }
            if abs(a[piv * 4 + col]) < 1e-300 { return nil }
            if piv != col { for c in 0..<4 { a.swapAt(piv * 4 + c, col * 4 + c); inv.swapAt(piv * 4 + c, col * 4 + c) } }
            let p = a[col * 4 + col]
            for c in 0..<4 { a[col * 4 + c] /= p; inv[col * 4 + c] /= p }
            for r in 0..<4 where r != col {
                let f = a[r * 4 + col]
                if f == 0 { continue }
                for c in 0..<4 { a[r * 4 + c] -= f * a[col * 4 + c]; inv[r * 4 + c] -= f * inv[col * 4 + c] }
            }
        }
        return inv
    }

    public static func apply(_ m: [Double], _ p: (Double, Double, Double)) -> (Double, Double, Double) {
        (m[0] * p.0 + m[1] * p.1 + m[2] * p.2 + m[3],
         m[4] * p.0 + m[5] * p.1 + m[6] * p.2 + m[7],
         m[8] * p.0 + m[9] * p.1 + m[10] * p.2 + m[11])
    }

    /// nibabel's base affine when neither sform nor qform is set (x flipped, origin at the centre).
    static func base(dims: [Int], zooms: [Double]) -> [Double] {
        var d = [1, 1, 1], z = [1.0, 1.0, 1.0]
        for a in 0..<min(3, dims.count) { d[a] = dims[a]; z[a] = zooms.count > a && zooms[a] != 0 ? zooms[a] : 1 }
        z[0] = -z[0]
        var m = identity
        for a in 0..<3 { m[a * 4 + a] = z[a]; m[a * 4 + 3] = -Double(d[a] - 1) / 2 * z[a] }
        return m
    }

    public static func close(_ a: [Double], _ b: [Double], tol: Double = 1e-5) -> Bool {
        a.count == 16 && b.count == 16 && zip(a, b).allSatisfy { abs($0 - $1) <= tol * max(1, abs($0), abs($1)) }
    }
}
