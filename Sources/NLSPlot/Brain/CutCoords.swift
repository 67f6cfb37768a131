import NLSImaging

/// nilearn's automatic cut positions (`plotting/find_cuts.py`), in world coordinates.
public enum CutCoords {
    /// nilearn `fast_abs_percentile`: the sorted |values| at index int(n · p / 100).
    public static func fastAbsPercentile(_ values: [Double], _ percentile: Double = 80) -> Double {
        guard !values.isEmpty else { return 0 }
        let s = values.map(abs).sorted()
        return s[min(s.count - 1, Int(Double(s.count) * 0.01 * percentile))]
    }

    /// `find_xyz_cut_coords(img, activation_threshold)`: the centre of mass of |values| over
    /// the largest connected component of voxels above the threshold (default: the 80th
    /// percentile of |non-zero values|), narrowed to its largest component above its own
    /// mean when that has more than 50 voxels.
    public static func xyz(_ v: Volume, activationThreshold: Double? = nil) -> (Double, Double, Double) {
        let map = Array(v.values)
        let shape = [v.nx, v.ny, v.nz]
        if map.allSatisfy({ $0 == 0 }) { return v.world(0, 0, 0) }
        let threshold = activationThreshold ?? fastAbsPercentile(map.filter { $0 != 0 })
        // nilearn: eps = 2 · finfo(threshold).eps for floats.
        let eps = 2 * Double.ulpOfOne
        var mask = map.map { abs($0) > threshold - eps }
        guard mask.contains(true) else { return centreOfMass(map, v) }
        mask = largestConnectedComponent(mask, shape: shape)
        var kept = zip(map, mask).map { $1 ? $0 : 0 }
        var sum = 0.0, n = 0
        for (x, m) in zip(kept, mask) where m { sum += x; n += 1 }
        let second = abs(sum / Double(max(n, 1)))
        let secondMask = kept.map { abs($0) > second }
        if secondMask.reduce(0, { $0 + ($1 ? 1 : 0) }) > 50 {
            let cc = largestConnectedComponent(secondMask, shape: shape)
            kept = zip(kept, cc).map { $1 ? $0 : 0 }
        }
        return centreOfMass(kept, v)
    }

    /// scipy `center_of_mass(|values|)`, in world coordinates.
    static func centreOfMass(_ values: [Double], _ v: Volume) -> (Double, Double, Double) {
        var w = 0.0, si = 0.0, sj = 0.0, sk = 0.0
        for k in 0..<v.nz { for j in 0..<v.ny { for i in 0..<v.nx {
            let a = abs(values[v.index(i, j, k)])
            guard a != 0 else { continue }
            w += a; si += a * Double(i); sj += a * Double(j); sk += a * Double(k)
        } } }
        guard w > 0 else { return v.world(Double(v.nx - 1) / 2, Double(v.ny - 1) / 2, Double(v.nz - 1) / 2) }
        return v.world(si / w, sj / w, sk / w)
    }

    /// `find_cut_slices(img, direction, n_cuts)`: peaks of the lightly smoothed |values|
    /// along one axis, at least `spacing` slices apart, topped up to `n` cuts.
    public static func slices(_ v: Volume, direction: SliceDirection, count n: Int) -> [Double] {
        let dims = [v.nx, v.ny, v.nz]
        let axis = voxelAxis(v, for: direction)
        let size = dims[axis]
        func world(_ index: Int) -> Double {
            var p = [0.0, 0.0, 0.0]
            p[axis] = Double(index)
            let w = v.world(p[0], p[1], p[2])
            return [w.0, w.1, w.2][direction.rawValue]
        }
        // Sorted in world order (a flipped axis would list voxel order backwards).
        if n > size { return (0..<size).map(world).sorted() }
        let orig = v.values.map(abs)
        var data = fastSmooth(orig, dims)
        let spacing = max(Int(0.5 / Double(n) * Double(size)), 1)
        var cuts: [Int] = []
        for _ in 0..<n {
            // First maximum in C order over (i, j, k), as numpy's argmax of the [x, y, z] array.
            var best = -Double.infinity, at = (0, 0, 0)
            for i in 0..<v.nx { for j in 0..<v.ny { for k in 0..<v.nz {
                let x = abs(data[v.index(i, j, k)])
                if x > best { best = x; at = (i, j, k) }
            } } }
            let peak = [at.0, at.1, at.2][axis]
            for s in max(0, peak - spacing) ..< min(size, peak + spacing) { scaleSlab(&data, v, axis: axis, index: s, by: 1e-3) }
            cuts.append(peak)
        }
        var unique = Array(Set(cuts)).sorted()
        while unique.count < n {
            var candidates = [unique.max()! + 2]
            if unique.count > 1 {
                var gap = 0
                for i in 1..<unique.count where unique[i] - unique[i - 1] > unique[gap + 1] - unique[gap] { gap = i - 1 }
                let middle = (unique[gap] + unique[gap + 1]) / 2
                if !unique.contains(middle) { candidates.append(middle) }
            }
            if unique.min()! - 2 >= 0 { candidates.append(unique.min()! - 2) }
            var best = candidates[0], bestWeight = -10.0
            for c in candidates {
                let weight = c >= size ? 0 : slabSum(orig, v, axis: axis, index: c)
                if weight > bestWeight { best = c; bestWeight = weight }
            }
            unique = Array(Set(unique + [best])).sorted()
        }
        return unique.map(world).sorted()
    }

    /// The voxel axis that runs along a world direction (the largest affine component).
    static func voxelAxis(_ v: Volume, for d: SliceDirection) -> Int {
        let row = d.rawValue
        return (0..<3).max { abs(v.affine[row * 4 + $0]) < abs(v.affine[row * 4 + $1]) }!
    }

    /// nilearn `_fast_smooth_array`: each voxel plus 0.2 × its six neighbours.
    static func fastSmooth(_ a: [Double], _ d: [Int]) -> [Double] {
        var out = a
        let strides = [1, d[0], d[0] * d[1]]
        for k in 0..<d[2] { for j in 0..<d[1] { for i in 0..<d[0] {
            let p = (k * d[1] + j) * d[0] + i, c = [i, j, k]
            for ax in 0..<3 {
                if c[ax] > 0 { out[p] += 0.2 * a[p - strides[ax]] }
                if c[ax] < d[ax] - 1 { out[p] += 0.2 * a[p + strides[ax]] }
            }
        } } }
        return out.map { $0 / 2.2 }
    }

    static func scaleSlab(_ a: inout [Double], _ v: Volume, axis: Int, index s: Int, by f: Double) {
        forEachInSlab(v, axis: axis, index: s) { a[$0] *= f }
    }

    static func slabSum(_ a: [Double], _ v: Volume, axis: Int, index s: Int) -> Double {
        var t = 0.0
        forEachInSlab(v, axis: axis, index: s) { t += a[$0] }
        return t
    }

    static func forEachInSlab(_ v: Volume, axis: Int, index s: Int, _ body: (Int) -> Void) {
        let r = [0..<v.nx, 0..<v.ny, 0..<v.nz].enumerated().map { $0.offset == axis ? s..<(s + 1) : $0.element }
        for k in r[2] { for j in r[1] { for i in r[0] { body(v.index(i, j, k)) } } }
    }
}

/// The world axis a panel cuts across: x sagittal, y coronal, z axial.
public enum SliceDirection: Int, CaseIterable, Sendable {
    case x = 0, y = 1, z = 2

    public var name: String { ["x", "y", "z"][rawValue] }
    /// World axes shown horizontally and vertically (nilearn's `CutAxes.draw_2d`).
    public var planeAxes: (h: Int, v: Int) {
        switch self { case .x: return (1, 2); case .y: return (0, 2); case .z: return (0, 1) }
    }
}
