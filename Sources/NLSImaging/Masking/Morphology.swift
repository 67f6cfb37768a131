/// Binary 3-D volumes in NIfTI order (i fastest) and the scipy.ndimage operations nilearn
/// uses on them: erosion/dilation with the 6-neighbour cross (border_value 0) and
/// 6-connected component labelling.
struct BinaryVolume: Equatable {
    let nx: Int, ny: Int, nz: Int
    var v: [Bool]

    init(nx: Int, ny: Int, nz: Int, v: [Bool]) { self.nx = nx; self.ny = ny; self.nz = nz; self.v = v }
    init(dims: [Int], v: [Bool]) { self.init(nx: dims[0], ny: dims[1], nz: dims[2], v: v) }

    var count: Int { v.reduce(0) { $0 + ($1 ? 1 : 0) } }
    var any: Bool { v.contains(true) }
    @inline(__always) func idx(_ i: Int, _ j: Int, _ k: Int) -> Int { (k * ny + j) * nx + i }

    /// One scipy `binary_erosion` step (cross structure, outside = 0).
    func eroded() -> BinaryVolume {
        var out = [Bool](repeating: false, count: v.count)
        for k in 0..<nz { for j in 0..<ny { for i in 0..<nx {
            let p = idx(i, j, k)
            guard v[p] else { continue }
            out[p] = i > 0 && v[p - 1] && i < nx - 1 && v[p + 1]
                && j > 0 && v[p - nx] && j < ny - 1 && v[p + nx]
                && k > 0 && v[p - nx * ny] && k < nz - 1 && v[p + nx * ny]
        } } }
        return BinaryVolume(nx: nx, ny: ny, nz: nz, v: out)
    }

    /// One scipy `binary_dilation` step (cross structure).
    func dilated() -> BinaryVolume {
        var out = v
        for k in 0..<nz { for j in 0..<ny { for i in 0..<nx {
            let p = idx(i, j, k)
            guard v[p] else { continue }
            if i > 0 { out[p - 1] = true }
            if i < nx - 1 { out[p + 1] = true }
            if j > 0 { out[p - nx] = true }
            if j < ny - 1 { out[p + nx] = true }
            if k > 0 { out[p - nx * ny] = true }
            if k < nz - 1 { out[p + nx * ny] = true }
        } } }
        return BinaryVolume(nx: nx, ny: ny, nz: nz, v: out)
    }

    func eroded(_ n: Int) -> BinaryVolume {
        var r = self
        for _ in 0..<max(0, n) { let e = r.eroded(); if e == r { break }; r = e }
        return r
    }

    func dilated(_ n: Int) -> BinaryVolume {
        var r = self
        for _ in 0..<max(0, n) { let d = r.dilated(); if d == r { break }; r = d }
        return r
    }

    /// nilearn `largest_connected_component`: 6-connectivity; on a size tie the component
    /// whose first voxel comes first in C order over (i, j, k) wins (scipy label numbering).
    func largestComponent() -> BinaryVolume {
        var label = [Int32](repeating: 0, count: v.count)
        var sizes: [Int] = [0]
        var stack: [Int] = []
        for i in 0..<nx { for j in 0..<ny { for k in 0..<nz {
            let s = idx(i, j, k)
            guard v[s] && label[s] == 0 else { continue }
            let lab = Int32(sizes.count)
            var size = 0
            label[s] = lab
            stack.append(s)
            while let p = stack.popLast() {
                size += 1
                let pi = p % nx, pj = (p / nx) % ny, pk = p / (nx * ny)
                func visit(_ q: Int) { if v[q] && label[q] == 0 { label[q] = lab; stack.append(q) } }
                if pi > 0 { visit(p - 1) }
                if pi < nx - 1 { visit(p + 1) }
                if pj > 0 { visit(p - nx) }
                if pj < ny - 1 { visit(p + nx) }
                if pk > 0 { visit(p - nx * ny) }
                if pk < nz - 1 { visit(p + nx * ny) }
            }
            sizes.append(size)
        } } }
        guard sizes.count > 2 else { return self }
        var best = 1
        for l in 2..<sizes.count where sizes[l] > sizes[best] { best = l }
        return BinaryVolume(nx: nx, ny: ny, nz: nz, v: label.map { $0 == Int32(best) })
    }
}
