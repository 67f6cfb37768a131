import NLSCompute

/// The spheres of a searchlight (nilearn `_apply_mask_and_get_affinity` as SearchLight
/// uses it): one centre per process-mask voxel, in `np.where(process_mask)` order; each
/// sphere holds the mask voxels whose world coordinates lie within `radius` mm of the
/// centre's (squared distances compared with radius², as the neighbours search does), and
/// always the centre itself when it is in the mask. Features are column indices of the
/// masked matrix (`apply_mask` order), sorted as nilearn's sparse rows are.
///
/// Membership comes from one list of voxel offsets within the radius's bounding box
/// (computed once from the affine), so a centre's sphere never depends on which other
/// centres are processed: a process mask that is any subset of another gives exactly the
/// same spheres at its voxels.
public struct SearchlightSpheres: Sendable {
    /// Flat NIfTI-order offsets (i fastest) of the centres.
    public let centres: [Int]
    /// Per centre, sorted feature (mask column) indices.
    public let features: [[Int]]
    /// Mask voxels (columns of the masked matrix), as flat NIfTI-order offsets.
    public let maskOffsets: [Int]
    /// Grid shape [nx, ny, nz].
    public let shape: [Int]

    public var sizes: [Int] { features.map(\.count) }
    /// True when every sphere holds only its centre (radius below the voxel size).
    public var onlyCentres: Bool { features.allSatisfy { $0.count <= 1 } }

    public init(mask: Image, processMask: Image?, radius: Double) throws {
        guard radius.isFinite, radius >= 0 else {
            throw ImagingError("SearchLight: radius must be a finite number of mm ≥ 0, got \(radius)")
        }
        let m = try Masking.binary(mask, name: "SearchLight mask")
        let pm = try processMask.map { p -> BinaryVolume in
            try Masking.checkSameGrid(p, mask, what: "SearchLight process_mask")
            return try Masking.binary(p, name: "SearchLight process_mask")
        } ?? m
        let offsets = Masking.columnOffsets(m)
        var column = [Int32](repeating: -1, count: m.v.count)
        for (c, p) in offsets.enumerated() { column[p] = Int32(c) }
        let box = try Self.searchBox(affine: mask.affine, radius: radius)
        let a = mask.affine, r2 = radius * radius
        func world(_ i: Int, _ j: Int, _ k: Int) -> (Double, Double, Double) {
            Affine.apply(a, (Double(i), Double(j), Double(k)))
        }
        var centres: [Int] = [], features: [[Int]] = []
        for i in 0..<pm.nx { for j in 0..<pm.ny { for k in 0..<pm.nz where pm.v[pm.idx(i, j, k)] {
            let c = world(i, j, k)
            var cols: [Int] = []
            for di in -box.0...box.0 { let x = i + di; guard x >= 0, x < m.nx else { continue }
                for dj in -box.1...box.1 { let y = j + dj; guard y >= 0, y < m.ny else { continue }
                    for dk in -box.2...box.2 { let z = k + dk; guard z >= 0, z < m.nz else { continue }
                        let col = column[m.idx(x, y, z)]
                        guard col >= 0 else { continue }
                        let w = world(x, y, z)
                        let d2 = (w.0 - c.0) * (w.0 - c.0) + (w.1 - c.1) * (w.1 - c.1) + (w.2 - c.2) * (w.2 - c.2)
                        if d2 <= r2 || (di == 0 && dj == 0 && dk == 0) { cols.append(Int(col)) }
                    }
                }
            }
            guard !cols.isEmpty else {
                throw ImagingError("SearchLight: the sphere around voxel (\(i), \(j), \(k)) of the process mask holds no mask voxel; use a process mask inside the mask, or a larger radius")
            }
            cols.sort()
            centres.append(pm.idx(i, j, k))
            features.append(cols)
        } } }
        self.centres = centres; self.features = features; self.maskOffsets = offsets
        self.shape = [m.nx, m.ny, m.nz]
    }

    /// Voxel steps along i, j, k that can reach `radius` mm: |d_a| ≤ radius·‖row a of A⁻¹‖.
    static func searchBox(affine: [Double], radius: Double) throws -> (Int, Int, Int) {
        guard let inv = Affine.inverse(affine) else {
            throw ImagingError("SearchLight: the mask's affine is singular")
        }
        func steps(_ row: Int) -> Int {
            let n = (inv[row * 4] * inv[row * 4] + inv[row * 4 + 1] * inv[row * 4 + 1] + inv[row * 4 + 2] * inv[row * 4 + 2]).squareRoot()
            return Int(min(1e6, (radius * n).rounded(.up))) + 1
        }
        return (steps(0), steps(1), steps(2))
    }

    /// A 3-D image on the mask's grid with `values[c]` at centre c and 0 elsewhere (nilearn's
    /// `scores_img_`, float64).
    public func image(_ values: [Double], like mask: Image) throws -> Image {
        guard values.count == centres.count else {
            throw ImagingError("SearchLight: \(values.count) scores for \(centres.count) centres")
        }
        var storage = ContiguousArray<Double>(repeating: 0, count: shape.reduce(1, *))
        for (c, p) in centres.enumerated() { storage[p] = values[c] }
        var h = mask.header
        h.datatype = .float64; h.sclSlope = 0; h.sclInter = 0
        return try Image(shape: shape, storage: storage, affine: mask.affine, dtype: .float64, header: h)
    }
}
