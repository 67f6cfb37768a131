/// One entry of an index expression, per axis (numpy basic + advanced indexing).
public enum IndexSpec: Sendable, Equatable {
    /// A single position (negative counts from the end); removes the axis.
    case at(Int)
    /// `start:stop:step`, each part optional (Python slice semantics).
    case range(start: Int? = nil, stop: Int? = nil, step: Int? = nil)
    /// `:` — the whole axis.
    case all
    /// Integer list `[0, 2, 5]` (advanced indexing).
    case list([Int])
    /// Boolean mask: 1-D along one axis, or the full shape of the array (then it must be
    /// the only index).
    case mask(NDArray)
}

/// Python slice semantics: normalised (start, step, count).
func sliceIndices(start: Int?, stop: Int?, step: Int?, size n: Int) throws -> (start: Int, step: Int, count: Int) {
    let st = step ?? 1
    guard st != 0 else { throw ComputeError("slice step cannot be zero") }
    var a: Int, b: Int
    if st > 0 {
        a = start.map { $0 < 0 ? Swift.max($0 + n, 0) : Swift.min($0, n) } ?? 0
        b = stop.map { $0 < 0 ? Swift.max($0 + n, 0) : Swift.min($0, n) } ?? n
        let c = b > a ? (b - a - 1) / st + 1 : 0
        return (a, st, c)
    } else {
        a = start.map { $0 < 0 ? Swift.max($0 + n, -1) : Swift.min($0, n - 1) } ?? (n - 1)
        b = stop.map { $0 < 0 ? Swift.max($0 + n, -1) : Swift.min($0, n - 1) } ?? -1
        let c = a > b ? (st == Int.min ? 1 : (a - b - 1) / (-st) + 1) : 0
        return (a, st, c)
    }
}

extension NDArray {
    /// One output axis of an indexing plan: its length and the source offset of each position.
    struct PlanAxis { var length: Int; var offsets: [Int] }
    struct IndexPlan { var base: Int; var axes: [PlanAxis]; var shape: [Int] { axes.map { $0.length } } }

    /// Turns index specs into a gather plan (numpy rules; several advanced indices are
    /// broadcast together, their axis goes where the first one was if they are adjacent,
    /// else to the front).
    func plan(_ specs: [IndexSpec]) throws -> IndexPlan {
        let nd = ndim
        // expand 1-D bool masks to integer lists
        var sp: [IndexSpec] = []
        for (k, s) in specs.enumerated() {
            if case .mask(let m) = s {
                guard m.dtype == .bool else { throw ComputeError("mask index must be a bool array, got \(m.dtype.name)") }
                guard m.ndim == 1 else { throw ComputeError("a \(m.ndim)-D boolean mask must be the only index and match the array's shape") }
                let axis = sp.count
                guard axis < nd else { throw ComputeError("too many indices for array: array is \(nd)-dimensional, but \(specs.count) were indexed") }
                guard m.size == shape[axis] else {
                    throw ComputeError("boolean index did not match indexed array along axis \(axis); size of axis is \(shape[axis]) but size of corresponding boolean axis is \(m.size)")
                }
                var idx: [Int] = []
                for (i, v) in m.storage.enumerated() where v != 0 { idx.append(i) }
                sp.append(.list(idx))
                _ = k
            } else { sp.append(s) }
        }
        guard sp.count <= nd else {
            throw ComputeError("too many indices for array: array is \(nd)-dimensional, but \(sp.count) were indexed")
        }
        while sp.count < nd { sp.append(.all) }
        let st = strides
        var base = 0
        var axes: [PlanAxis] = []
        var advAxes: [Int] = []          // source axes with list indices
        var advPos: Int? = nil           // output position of the first advanced axis
        var advLists: [[Int]] = []
        var lastAdvSource = -2
        var adjacent = true
        // with any integer list present, numpy treats plain integers as advanced indices
        // too (they decide whether the advanced axes are adjacent)
        let hasList = sp.contains { if case .list = $0 { return true }; return false }
        for (d, s) in sp.enumerated() {
            let n = shape[d]
            switch s {
            case .at(let i):
                base += try NDArray.normalizeIndex(i, size: n, axis: d) * st[d]
                if hasList {
                    if advPos == nil { advPos = axes.count } else if lastAdvSource != d - 1 { adjacent = false }
                    lastAdvSource = d
                }
            case .all:
                axes.append(PlanAxis(length: n, offsets: (0..<n).map { $0 * st[d] }))
            case .range(let a, let b, let c):
                let (s0, step, cnt) = try sliceIndices(start: a, stop: b, step: c, size: n)
                axes.append(PlanAxis(length: cnt, offsets: (0..<cnt).map { (s0 + $0 * step) * st[d] }))
            case .list(let l):
                let norm = try l.map { try NDArray.normalizeIndex($0, size: n, axis: d) }
                if advPos == nil { advPos = axes.count } else if lastAdvSource != d - 1 { adjacent = false }
                lastAdvSource = d
                advAxes.append(d); advLists.append(norm)
            case .mask:
                break // already expanded
            }
        }
        if !advAxes.isEmpty {
            var len = 1
            for l in advLists where l.count != 1 {
                if len == 1 { len = l.count } else if l.count != len {
                    throw ComputeError("shape mismatch: indexing arrays could not be broadcast together with shapes " + advLists.map { "(\($0.count),)" }.joined(separator: " "))
                }
            }
            if advLists.contains(where: { $0.isEmpty }) { len = 0 }
            var offs = [Int](repeating: 0, count: len)
            for (d, l) in zip(advAxes, advLists) {
                for i in 0..<len { offs[i] += (l.count == 1 ? l[0] : l[i]) * st[d] }
            }
            let ax = PlanAxis(length: len, offsets: offs)
            axes.insert(ax, at: adjacent ? (advPos ?? 0) : 0)
        }
        return IndexPlan(base: base, axes: axes)
    }

    /// Visits every source offset of a plan in output (row-major) order.
    @inline(__always)
    static func forEachOffset(_ plan: IndexPlan, _ body: (Int) -> Void) {
        let axes = plan.axes
        let nd = axes.count
        if nd == 0 { body(plan.base); return }
        if axes.contains(where: { $0.length == 0 }) { return }
        var counter = [Int](repeating: 0, count: nd)
        var partial = [Int](repeating: plan.base, count: nd)  // offset sum of axes before d
        let last = axes[nd - 1].offsets
        if nd >= 2 {
            for e in 1..<(nd - 1) { partial[e] = partial[e - 1] + axes[e - 1].offsets[0] }
        }
        while true {
            let b = nd >= 2 ? partial[nd - 2] + axes[nd - 2].offsets[counter[nd - 2]] : plan.base
            for o in last { body(b + o) }
            // advance outer odometer
            var d = nd - 2
            while d >= 0 {
                counter[d] += 1
                if counter[d] < axes[d].length { break }
                counter[d] = 0; d -= 1
            }
            if d < 0 { return }
            // recompute partial sums from d
            for e in d..<(nd - 1) {
                let prev = e == 0 ? plan.base : partial[e - 1] + axes[e - 1].offsets[counter[e - 1]]
                partial[e] = prev
            }
        }
    }

    /// `X[specs]` (numpy indexing). Integer indices drop their axis; ranges and `:` keep it;
    /// lists and masks select positions. A mask with the full shape of `X` returns the
    /// selected elements as 1-D.
    public func get(_ specs: [IndexSpec]) throws -> NDArray {
        if specs.count == 1, case .mask(let m) = specs[0], m.ndim > 1 {
            return try maskedValues(m)
        }
        let p = try plan(specs)
        let count = try NDArray.checkShape(p.shape, op: "indexing", dtype: dtype)
        // copy whole runs when the last axis is contiguous in the source (row slices, masks on rows)
        var runs = false
        if let last = p.axes.last, last.length > 1, zip(last.offsets, last.offsets.dropFirst()).allSatisfy({ $1 - $0 == 1 }) {
            runs = true
        }
        let out = Storage.make(count) { o in
            guard let dst = o.baseAddress else { return }
            storage.withUnsafeBufferPointer { src in
                guard let s0 = src.baseAddress else { return }
                var k = 0
                if runs {
                    let len = p.axes[p.axes.count - 1].length, first = p.axes[p.axes.count - 1].offsets[0]
                    var outerPlan = p
                    outerPlan.axes[outerPlan.axes.count - 1] = PlanAxis(length: 1, offsets: [first])
                    NDArray.forEachOffset(outerPlan) { off in
                        (dst + k).update(from: s0 + off, count: len); k += len
                    }
                } else {
                    NDArray.forEachOffset(p) { o[k] = src[$0]; k += 1 }
                }
            }
        }
        return NDArray(shape: p.shape, storage: out, dtype: dtype)
    }

    /// `X[specs] = value` where `value` broadcasts to the selection's shape.
    public mutating func set(_ specs: [IndexSpec], _ value: NDArray) throws {
        if specs.count == 1, case .mask(let m) = specs[0], m.ndim > 1 {
            try setMasked(m, value); return
        }
        let p = try plan(specs)
        let v = try value.broadcast(to: p.shape)
        var k = 0
        let dt = dtype
        v.storage.withUnsafeBufferPointer { vs in
            storage.withUnsafeMutableBufferPointer { dst in
                NDArray.forEachOffset(p) { dst[$0] = dt.cast(vs[k]); k += 1 }
            }
        }
    }

    /// `X[specs] = scalar`.
    public mutating func set(_ specs: [IndexSpec], _ value: Double) throws {
        try set(specs, NDArray(scalar: value))
    }

    func checkFullMask(_ m: NDArray) throws {
        guard m.dtype == .bool else { throw ComputeError("mask index must be a bool array, got \(m.dtype.name)") }
        guard m.shape == shape else {
            throw ComputeError("boolean index did not match indexed array: mask shape \(m.shapeDescription), array shape \(shapeDescription)")
        }
    }

    func maskedValues(_ m: NDArray) throws -> NDArray {
        try checkFullMask(m)
        var out = ContiguousArray<Double>()
        for i in 0..<size where m.storage[i] != 0 { out.append(storage[i]) }
        return NDArray(shape: [out.count], storage: out, dtype: dtype)
    }

    mutating func setMasked(_ m: NDArray, _ value: NDArray) throws {
        try checkFullMask(m)
        let n = m.storage.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
        let v = try value.broadcast(to: [n])
        var k = 0
        for i in 0..<size where m.storage[i] != 0 { storage[i] = dtype.cast(v.storage[k]); k += 1 }
    }

    /// Convenience: `X[i]` along axis 0 (negative allowed).
    public func get(_ i: Int) throws -> NDArray { try get([.at(i)]) }
    /// Row `i` of a 2-D array / element of a 1-D array.
    public func row(_ i: Int) throws -> NDArray { try get([.at(i)]) }
    /// Column `j` of a 2-D array.
    public func column(_ j: Int) throws -> NDArray {
        guard ndim == 2 else { throw ComputeError("column: expected a 2-D array, got shape \(shapeDescription)") }
        return try get([.all, .at(j)])
    }
    /// numpy `take(indices, axis)`.
    public func take(_ indices: [Int], axis: Int = 0) throws -> NDArray {
        let a = try NDArray.normalizeAxis(axis, ndim: ndim)
        return try get(Array(repeating: IndexSpec.all, count: a) + [.list(indices)])
    }
    /// Indices of nonzero elements of a 1-D array (numpy `flatnonzero`).
    public func flatnonzero() -> NDArray {
        var idx: [Int] = []
        for (i, v) in storage.enumerated() where v != 0 { idx.append(i) }
        return NDArray(idx)
    }
}
