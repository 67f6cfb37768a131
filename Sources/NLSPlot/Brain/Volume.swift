import NLSImaging

/// One 3-D volume and its affine, read in world space: what every brain panel samples.
/// Non-finite values read as 0 (nilearn's `safe_get_data(ensure_finite=True)`).
public struct Volume {
    public let nx: Int, ny: Int, nz: Int
    public let values: ContiguousArray<Double>
    public let affine: [Double]
    let inverse: [Double]

    /// A 3-D image (or a 4-D one with a single volume, as nilearn's `check_niimg_3d`).
    public init(_ img: Image, what: String = "img") throws {
        guard !img.is4D || img.volumeCount == 1 else {
            throw PlotError("\(what) must be a 3-D image, got a 4-D image with \(img.volumeCount) volumes (shape \(img.shape)); pick one with index_img or average with mean_img")
        }
        let s = img.spatialShape
        try self.init(shape: s, values: ContiguousArray(img.storage.prefix(s[0] * s[1] * s[2])), affine: img.affine, what: what)
    }

    public init(shape s: [Int], values: ContiguousArray<Double>, affine: [Double], what: String = "img") throws {
        guard let inv = Affine.inverse(affine) else { throw PlotError("\(what): the affine is singular, so its voxels have no world position") }
        nx = s[0]; ny = s[1]; nz = s[2]
        self.values = ContiguousArray(values.map { $0.isFinite ? $0 : 0 })
        self.affine = affine
        inverse = inv
    }

    /// Volume `t` of a 4-D image.
    public static func volumes(of img: Image, what: String = "img") throws -> [Volume] {
        let s = img.spatialShape, n = s[0] * s[1] * s[2]
        return try (0..<img.volumeCount).map { t in
            try Volume(shape: s, values: ContiguousArray(img.storage[t * n ..< (t + 1) * n]), affine: img.affine, what: what)
        }
    }

    @inline(__always) public func index(_ i: Int, _ j: Int, _ k: Int) -> Int { (k * ny + j) * nx + i }

    /// The value of the voxel containing a world point (nearest neighbour), nil outside the grid.
    @inline(__always) public func value(atWorld x: Double, _ y: Double, _ z: Double) -> Double? {
        let m = inverse
        let fi = m[0] * x + m[1] * y + m[2] * z + m[3]
        let fj = m[4] * x + m[5] * y + m[6] * z + m[7]
        let fk = m[8] * x + m[9] * y + m[10] * z + m[11]
        guard fi > -0.5, fj > -0.5, fk > -0.5, fi < Double(nx) - 0.5, fj < Double(ny) - 0.5, fk < Double(nz) - 0.5 else { return nil }
        return values[index(Int(fi + 0.5), Int(fj + 0.5), Int(fk + 0.5))]
    }

    /// World position of a (fractional) voxel index.
    public func world(_ i: Double, _ j: Double, _ k: Double) -> (Double, Double, Double) { Affine.apply(affine, (i, j, k)) }

    /// Voxel position of a world point.
    public func voxel(_ x: Double, _ y: Double, _ z: Double) -> (Double, Double, Double) { Affine.apply(inverse, (x, y, z)) }

    /// World extent along each axis: the outer edges of the voxels at the grid's corners.
    public var worldBounds: [ClosedRange<Double>] {
        var lo = [Double](repeating: .infinity, count: 3), hi = [Double](repeating: -.infinity, count: 3)
        for ci in [-0.5, Double(nx) - 0.5] { for cj in [-0.5, Double(ny) - 0.5] { for ck in [-0.5, Double(nz) - 0.5] {
            let p = world(ci, cj, ck), c = [p.0, p.1, p.2]
            for a in 0..<3 { lo[a] = min(lo[a], c[a]); hi[a] = max(hi[a], c[a]) }
        } } }
        return (0..<3).map { lo[$0]...hi[$0] }
    }

    public var minValue: Double { values.min() ?? 0 }
    public var maxValue: Double { values.max() ?? 0 }
    public var maxAbs: Double { values.reduce(0) { max($0, abs($1)) } }
}
