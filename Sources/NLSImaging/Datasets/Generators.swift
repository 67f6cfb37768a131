import Foundation
import NLSCompute

/// Seeded synthetic neuroimaging datasets, in the spirit of scikit-learn's
/// `make_regression`: the same seed gives the same data on every machine (xoshiro256**
/// from NLSCompute), and every size is a parameter, so examples and tests run in seconds
/// and the same code runs at a realistic size when asked.
///
/// Every generator works on a grid of 3 mm isotropic voxels with the origin at the centre
/// of the volume and a brain-like mask: the ellipsoid inscribed in 80% of the box.
public enum DatasetGenerators {
    /// Encoding data (Miyawaki-style): binary stimuli, voxels of the posterior third of the
    /// mask with retinotopic receptive fields (Gaussian weights over the stimulus pixels,
    /// their centres following the voxels' x and z), AR(1) noise everywhere in the mask.
    public struct Encoding: Sendable {
        /// Stimuli [n_samples × n_pixels], 0 or 1.
        public var stimuli: NDArray
        public var fmri: Image
        public var mask: Image
        /// The voxels that respond to the stimuli (3-D, 1 inside).
        public var visual: Image
        /// The true receptive-field weights [n_pixels × n_visual_voxels], columns in the order
        /// of `NiftiMasker(mask: visual)` (nilearn's C order over i, j, k).
        public var weights: NDArray
    }

    /// Decoding data (Haxby-style): two conditions ("face", "house") in alternating blocks
    /// inside each run, a pattern of voxel-wise ±effects in a few spherical blobs.
    public struct Decoding: Sendable {
        public var bold: Image
        public var mask: Image
        public var labels: [String]
        public var runs: NDArray
        /// The informative voxels (3-D, 1 inside the blobs).
        public var informative: Image
    }

    /// Resting-state data: `n_components` spatial sources (pairs of symmetric Gaussian blobs,
    /// as bilateral networks) mixed by each subject's own smooth time courses, plus noise.
    public struct Rest: Sendable {
        public var imgs: [Image]
        public var mask: Image
        /// The true spatial maps, one volume per component.
        public var sources: Image
    }

    // MARK: - Validation and grid

    static let voxelSize = 3.0

    static func checkShape(_ shape: [Int], _ op: String, minimum: Int = 5) throws {
        guard shape.count == 3 else { throw ImagingError("\(op): shape must have 3 sizes [nx, ny, nz], got \(shape)") }
        guard shape.allSatisfy({ $0 >= minimum && $0 <= 1024 }) else {
            throw ImagingError("\(op): every size of shape must be between \(minimum) and 1024, got \(shape)")
        }
    }

    static func checkCount(_ n: Int, _ name: String, _ op: String, min lo: Int, max hi: Int = 1_000_000) throws {
        guard n >= lo && n <= hi else { throw ImagingError("\(op): \(name) must be between \(lo) and \(hi), got \(n)") }
    }

    static func checkMemory(_ shape: [Int], volumes: Int, copies: Int = 1, _ op: String) throws {
        var n = volumes
        for d in shape + [copies] {
            let (r, o) = n.multipliedReportingOverflow(by: d)
            guard !o else { throw ImagingError("\(op): \(shape) × \(volumes) volumes is too large") }
            n = r
        }
        try MemoryBudget.check(count: n, elementBytes: MemoryLayout<Double>.stride, "\(op): \(shape) × \(volumes) volumes")
    }

    static func affine(_ shape: [Int]) -> [Double] {
        var m = Affine.identity
        for a in 0..<3 { m[a * 4 + a] = voxelSize; m[a * 4 + 3] = -Double(shape[a] - 1) / 2 * voxelSize }
        return m
    }

    static func header(tr: Double?) -> NiftiHeader {
        var h = NiftiHeader()
        h.datatype = .float32
        if let tr { h.pixdim[4] = tr }
        for a in 0..<3 { h.pixdim[a + 1] = voxelSize }
        return h
    }

    /// Normalised ellipsoid coordinates of voxel (i, j, k): each in [-1.25, 1.25], the mask is r² ≤ 1.
    static func ellipsoid(_ shape: [Int], _ i: Int, _ j: Int, _ k: Int) -> (Double, Double, Double) {
        func c(_ v: Int, _ n: Int) -> Double { (Double(v) - Double(n - 1) / 2) / (0.4 * Double(n)) }
        return (c(i, shape[0]), c(j, shape[1]), c(k, shape[2]))
    }

    /// The mask as a flat NIfTI-order Bool list (i fastest).
    static func maskVoxels(_ shape: [Int]) -> [Bool] {
        var m = [Bool](repeating: false, count: shape[0] * shape[1] * shape[2])
        for k in 0..<shape[2] { for j in 0..<shape[1] { for i in 0..<shape[0] {
            let (x, y, z) = ellipsoid(shape, i, j, k)
            m[(k * shape[1] + j) * shape[0] + i] = x * x + y * y + z * z <= 1
        } } }
        return m
    }

    static func image3D(_ shape: [Int], _ values: [Bool]) throws -> Image {
        var h = header(tr: nil)
        h.datatype = .uint8
        return try Image(shape: shape, storage: ContiguousArray(values.map { $0 ? 1.0 : 0.0 }), affine: affine(shape), dtype: .float64, header: h)
    }

    static func normals(_ rs: RandomState, _ n: Int) throws -> ContiguousArray<Double> {
        n == 0 ? [] : try rs.randn([n]).storage
    }

    /// AR(1) noise of marginal standard deviation `sd` for `voxels` series of length `nt`,
    /// written as [t][voxel].
    static func ar1(_ rs: RandomState, nt: Int, voxels: Int, rho: Double, sd: Double) throws -> ContiguousArray<Double> {
        var e = try normals(rs, nt * voxels)
        let innovation = (1 - rho * rho).squareRoot()
        for t in 0..<nt {
            for v in 0..<voxels {
                let z = e[t * voxels + v]
                e[t * voxels + v] = t == 0 ? sd * z : rho * e[(t - 1) * voxels + v] + sd * innovation * z
            }
        }
        return e
    }

    // MARK: - Encoding

    public static func encoding(nSamples: Int, nPixels: Int, shape: [Int], noise: Double, seed: Int) throws -> Encoding {
        let op = "make_encoding_data"
        try checkShape(shape, op)
        try checkCount(nSamples, "n_samples", op, min: 2)
        try checkCount(nPixels, "n_pixels", op, min: 1, max: 65_536)
        guard noise.isFinite, noise >= 0 else { throw ImagingError("\(op): noise must be a finite number ≥ 0, got \(noise)") }
        try checkMemory(shape, volumes: nSamples, copies: 2, op)
        let rs = RandomState(seed: seed)
        let nx = shape[0], ny = shape[1], nz = shape[2], nv = nx * ny * nz
        let mask = maskVoxels(shape)
        // The visual region: the posterior third of the ellipsoid (y < -1/3).
        var visual = [Bool](repeating: false, count: nv)
        var visualIndex: [Int] = []
        for idx in 0..<nv where mask[idx] {
            let i = idx % nx, j = (idx / nx) % ny, k = idx / (nx * ny)
            if ellipsoid(shape, i, j, k).1 < -1.0 / 3 { visual[idx] = true; visualIndex.append(idx) }
        }
        // Columns of `weights` in the masker's order (nilearn's: C order over i, j, k).
        visualIndex.sort { a, b in
            let (ia, ja, ka) = (a % nx, (a / nx) % ny, a / (nx * ny)), (ib, jb, kb) = (b % nx, (b / nx) % ny, b / (nx * ny))
            return (ia, ja, ka) < (ib, jb, kb)
        }
        guard !visualIndex.isEmpty else { throw ImagingError("\(op): shape \(shape) is too small to hold a visual region") }
        // Stimuli: random binary patterns on a grid of `side` columns (Miyawaki's 10×10 for 100 pixels).
        let side = Int(Double(nPixels).squareRoot().rounded(.up))
        let rowsCount = (nPixels + side - 1) / side
        let u = try rs.rand([nSamples * nPixels]).storage
        let stimuli = NDArray(shape: [nSamples, nPixels], storage: ContiguousArray(u.map { $0 < 0.5 ? 0.0 : 1.0 }))
        // Receptive fields: voxel x → pixel column, voxel z → pixel row (retinotopy), width ~ 1 pixel.
        let xs = visualIndex.map { $0 % nx }, zs = visualIndex.map { $0 / (nx * ny) }
        let (x0, x1) = (xs.min()!, xs.max()!), (z0, z1) = (zs.min()!, zs.max()!)
        let jitter = try rs.uniform(low: -0.5, high: 0.5, [visualIndex.count * 2]).storage
        let sigma = max(0.8, Double(side) / 8)
        let nVis = visualIndex.count
        var w = ContiguousArray<Double>(repeating: 0, count: nPixels * nVis)
        for (c, _) in visualIndex.enumerated() {
            let cx = (x1 > x0 ? Double(xs[c] - x0) / Double(x1 - x0) : 0.5) * Double(side - 1) + jitter[2 * c]
            let cz = (z1 > z0 ? Double(zs[c] - z0) / Double(z1 - z0) : 0.5) * Double(rowsCount - 1) + jitter[2 * c + 1]
            var ss = 0.0
            for p in 0..<nPixels {
                let dx = Double(p % side) - cx, dz = Double(p / side) - cz
                let g = Foundation.exp(-(dx * dx + dz * dz) / (2 * sigma * sigma))
                w[p * nVis + c] = g
                ss += g * g
            }
            // Unit signal standard deviation for stimuli of independent pixels with p = 1/2.
            let scale = ss > 0 ? 1 / (0.25 * ss).squareRoot() : 0
            for p in 0..<nPixels { w[p * nVis + c] *= scale }
        }
        let weights = NDArray(shape: [nPixels, nVis], storage: w)
        let centred = NDArray(shape: [nSamples, nPixels], storage: ContiguousArray(stimuli.storage.map { $0 - 0.5 }))
        let signal = try centred.matmul(weights).storage   // [n_samples × n_visual]
        // Volumes: baseline 100 in the mask, signal in the visual voxels, AR(1) noise (ρ 0.3) in the mask.
        let inMask = (0..<nv).filter { mask[$0] }
        let e = try ar1(rs, nt: nSamples, voxels: inMask.count, rho: 0.3, sd: noise)
        var storage = ContiguousArray<Double>(repeating: 0, count: nv * nSamples)
        var visCol = [Int](repeating: -1, count: nv)
        for (c, idx) in visualIndex.enumerated() { visCol[idx] = c }
        for t in 0..<nSamples {
            for (m, idx) in inMask.enumerated() {
                var v = 100 + e[t * inMask.count + m]
                if visCol[idx] >= 0 { v += signal[t * nVis + visCol[idx]] }
                storage[t * nv + idx] = v
            }
        }
        let fmri = try Image(shape: shape + [nSamples], storage: storage, affine: affine(shape), dtype: .float64, header: header(tr: 2.0))
        return Encoding(stimuli: stimuli, fmri: fmri, mask: try image3D(shape, mask), visual: try image3D(shape, visual), weights: weights)
    }

    // MARK: - Decoding

    public static func decoding(shape: [Int], nVolumes: Int, nRuns: Int, nBlobs: Int, effect: Double, noise: Double,
                                seed: Int) throws -> Decoding {
        let op = "make_decoding_data"
        try checkShape(shape, op)
        try checkCount(nRuns, "n_runs", op, min: 1, max: 10_000)
        try checkCount(nVolumes, "n_volumes", op, min: 2 * nRuns)
        try checkCount(nBlobs, "n_blobs", op, min: 1, max: 1000)
        guard effect.isFinite, noise.isFinite, noise >= 0 else {
            throw ImagingError("\(op): effect and noise must be finite (noise ≥ 0), got effect \(effect), noise \(noise)")
        }
        try checkMemory(shape, volumes: nVolumes, op)
        let rs = RandomState(seed: seed)
        let nx = shape[0], ny = shape[1], nz = shape[2], nv = nx * ny * nz
        let mask = maskVoxels(shape)
        let inMask = (0..<nv).filter { mask[$0] }
        // Labels: runs of (nearly) equal length, blocks of face/house alternating, the first
        // condition of each run drawn at random.
        var labels: [String] = [], runs: [Double] = []
        for r in 0..<nRuns {
            let len = nVolumes / nRuns + (r < nVolumes % nRuns ? 1 : 0)
            let block = max(1, len / 4)
            let faceFirst = rs.uniform() < 0.5
            for t in 0..<len {
                let first = (t / block) % 2 == 0
                labels.append(first == faceFirst ? "face" : "house")
                runs.append(Double(r))
            }
        }
        // Blobs: spheres of radius 2 voxels centred on random mask voxels; each informative
        // voxel gets its own sign (a distributed pattern, as in ventral temporal cortex).
        var informative = [Bool](repeating: false, count: nv)
        var pattern = [Double](repeating: 0, count: nv)
        for _ in 0..<nBlobs {
            let centre = inMask[Int(rs.nextUInt64() % UInt64(inMask.count))]
            let ci = centre % nx, cj = (centre / nx) % ny, ck = centre / (nx * ny)
            for k in max(0, ck - 2)...min(nz - 1, ck + 2) { for j in max(0, cj - 2)...min(ny - 1, cj + 2) { for i in max(0, ci - 2)...min(nx - 1, ci + 2) {
                let d2 = (i - ci) * (i - ci) + (j - cj) * (j - cj) + (k - ck) * (k - ck)
                let idx = (k * ny + j) * nx + i
                guard d2 <= 4, mask[idx], !informative[idx] else { continue }
                informative[idx] = true
                pattern[idx] = rs.uniform() < 0.5 ? -1 : 1
            } } }
        }
        let baseline = try normals(rs, inMask.count)
        let e = try normals(rs, nVolumes * inMask.count)
        var storage = ContiguousArray<Double>(repeating: 0, count: nv * nVolumes)
        for t in 0..<nVolumes {
            let sign = labels[t] == "face" ? 0.5 : -0.5
            for (m, idx) in inMask.enumerated() {
                storage[t * nv + idx] = 100 + 5 * baseline[m] + noise * e[t * inMask.count + m] + sign * effect * pattern[idx]
            }
        }
        let bold = try Image(shape: shape + [nVolumes], storage: storage, affine: affine(shape), dtype: .float64, header: header(tr: 2.5))
        return Decoding(bold: bold, mask: try image3D(shape, mask), labels: labels, runs: NDArray(shape: [nVolumes], runs),
                        informative: try image3D(shape, informative))
    }

    // MARK: - Resting state

    public static func rest(nSubjects: Int, shape: [Int], nVolumes: Int, nComponents: Int, noise: Double, seed: Int) throws -> Rest {
        let op = "make_rest_data"
        try checkShape(shape, op)
        try checkCount(nSubjects, "n_subjects", op, min: 1, max: 10_000)
        try checkCount(nVolumes, "n_volumes", op, min: 2)
        try checkCount(nComponents, "n_components", op, min: 1, max: 1000)
        guard noise.isFinite, noise >= 0 else { throw ImagingError("\(op): noise must be a finite number ≥ 0, got \(noise)") }
        try checkMemory(shape, volumes: nVolumes, copies: nSubjects, op)
        let rs = RandomState(seed: seed)
        let nx = shape[0], ny = shape[1], nz = shape[2], nv = nx * ny * nz
        let mask = maskVoxels(shape)
        let inMask = (0..<nv).filter { mask[$0] }
        // Sources: a pair of Gaussian blobs mirrored across x = 0 (bilateral networks), width 1.5 voxels.
        var maps = ContiguousArray<Double>(repeating: 0, count: nv * nComponents)
        for c in 0..<nComponents {
            let centre = inMask[Int(rs.nextUInt64() % UInt64(inMask.count))]
            let ci = Double(centre % nx), cj = Double((centre / nx) % ny), ck = Double(centre / (nx * ny))
            let mirror = Double(nx - 1) - ci
            for idx in inMask {
                let i = Double(idx % nx), j = Double((idx / nx) % ny), k = Double(idx / (nx * ny))
                let common = (j - cj) * (j - cj) + (k - ck) * (k - ck)
                let a = Foundation.exp(-((i - ci) * (i - ci) + common) / (2 * 1.5 * 1.5))
                let b = Foundation.exp(-((i - mirror) * (i - mirror) + common) / (2 * 1.5 * 1.5))
                let v = max(a, b)
                maps[c * nv + idx] = v > 0.05 ? v : 0
            }
        }
        var imgs: [Image] = []
        for _ in 0..<nSubjects {
            // Each subject's time courses: AR(1) with ρ 0.8 (slow fluctuations), amplitude 3.
            let tc = try ar1(rs, nt: nVolumes, voxels: nComponents, rho: 0.8, sd: 3)
            let e = try normals(rs, nVolumes * inMask.count)
            var storage = ContiguousArray<Double>(repeating: 0, count: nv * nVolumes)
            for t in 0..<nVolumes {
                for (m, idx) in inMask.enumerated() {
                    var v = 100 + noise * e[t * inMask.count + m]
                    for c in 0..<nComponents { v += tc[t * nComponents + c] * maps[c * nv + idx] }
                    storage[t * nv + idx] = v
                }
            }
            imgs.append(try Image(shape: shape + [nVolumes], storage: storage, affine: affine(shape), dtype: .float64, header: header(tr: 2.0)))
        }
        let sources = try Image(shape: shape + [nComponents], storage: maps, affine: affine(shape), dtype: .float64, header: header(tr: nil))
        return Rest(imgs: imgs, mask: try image3D(shape, mask), sources: sources)
    }
}
