import Foundation

/// Array constructors (numpy `zeros`, `ones`, `full`, `eye`, `arange`, `linspace`, `logspace`).
extension NDArray {
    /// Largest element count nls will allocate (2^36 doubles = 512 GiB): bigger requests
    /// are certainly mistakes and must not crash the process.
    static let maxElements = 1 << 36

    /// Validates a shape for a new array made by `op`: no negative dimensions, an element
    /// count without overflow, and room in the memory budget (`MemoryBudget`). Every
    /// creation and result path whose size comes from user input goes through here.
    @discardableResult
    public static func checkShape(_ shape: [Int], op: String = "array", dtype: DType = .float64) throws -> Int {
        guard shape.allSatisfy({ $0 >= 0 }) else { throw ComputeError("\(op): negative dimensions are not allowed: \(shapeString(shape))") }
        let n = try elementCount(shape, op: op)
        try MemoryBudget.check(count: n, elementBytes: MemoryLayout<Double>.stride, "\(op): shape \(shapeString(shape)) \(dtype.name)")
        return n
    }

    /// Product of dimensions without overflow traps.
    static func elementCount(_ shape: [Int], op: String = "array") throws -> Int {
        var n = 1
        for d in shape {
            let (p, o) = n.multipliedReportingOverflow(by: Swift.max(d, 0))
            guard !o, p <= maxElements || shape.contains(0) else { throw ComputeError("\(op): array is too big: shape \(shapeString(shape))") }
            n = p
        }
        return n
    }

    public static func zeros(_ shape: [Int], dtype: DType = .float64) throws -> NDArray {
        try checkShape(shape, op: "zeros", dtype: dtype)
        return NDArray(zeros: shape, dtype: dtype)
    }

    public static func ones(_ shape: [Int], dtype: DType = .float64) throws -> NDArray {
        try full(shape, 1, dtype: dtype, op: "ones")
    }

    public static func full(_ shape: [Int], _ value: Double, dtype: DType = .float64, op: String = "full") throws -> NDArray {
        let n = try checkShape(shape, op: op, dtype: dtype)
        return NDArray(shape: shape, storage: Storage.filled(n, dtype.cast(value)), dtype: dtype)
    }

    /// `zeros_like` / `ones_like` / `full_like`.
    public static func zerosLike(_ a: NDArray) -> NDArray { NDArray(zeros: a.shape, dtype: a.dtype) }
    public static func onesLike(_ a: NDArray) -> NDArray {
        NDArray(shape: a.shape, storage: ContiguousArray(repeating: 1, count: a.size), dtype: a.dtype)
    }

    /// numpy `eye(n, m, k)`: ones on the k-th diagonal.
    public static func eye(_ n: Int, _ m: Int? = nil, k: Int = 0, dtype: DType = .float64) throws -> NDArray {
        let cols = m ?? n
        let count = try checkShape([n, cols], op: "eye", dtype: dtype)
        var a = NDArray(shape: [n, cols], storage: Storage.filled(count, 0), dtype: dtype)
        // Only the rows i that meet the diagonal (0 <= i + k < cols), computed without
        // overflow for any k, so no loop runs over rows that cannot hold a one.
        let first: Int, last: Int
        if k >= 0 {
            first = 0
            last = k >= cols ? 0 : Swift.min(n, cols - k)
        } else {
            first = (k == Int.min || -k >= n) ? n : -k
            last = first >= n ? n : Swift.min(n, cols - k)
        }
        if first < last {
            for i in first..<last { a.storage[i * cols + i + k] = 1 }
        }
        return a
    }

    /// numpy `identity(n)`.
    public static func identity(_ n: Int) throws -> NDArray { try eye(n) }

    /// numpy `arange(start, stop, step)` for floats: `ceil((stop-start)/step)` values `start + i*step`.
    public static func arange(_ start: Double, _ stop: Double, _ step: Double = 1, dtype: DType = .float64) throws -> NDArray {
        guard step != 0 else { throw ComputeError("arange: step must not be zero") }
        guard start.isFinite, stop.isFinite, step.isFinite else { throw ComputeError("arange: arguments must be finite") }
        let nd = ((stop - start) / step).rounded(.up)
        guard nd.isFinite, nd <= Double(maxElements) else { throw ComputeError("arange: too many elements (\(nd))") }
        // A huge negative count (start far beyond stop) is an empty range, not an Int trap.
        let n = nd <= 0 ? 0 : Int(nd)
        try checkShape([n], op: "arange", dtype: dtype)
        let st = Storage.make(n) { p in for i in 0..<n { p[i] = start + Double(i) * step } }
        var a = NDArray(shape: [n], storage: st, dtype: .float64)
        if dtype != .float64 { a = a.astype(dtype) }
        return a
    }

    /// numpy `arange` with integer arguments: int64 result.
    public static func arange(_ start: Int, _ stop: Int, _ step: Int = 1) throws -> NDArray {
        guard step != 0 else { throw ComputeError("arange: step must not be zero") }
        // The count in exact integer arithmetic: stop - start and the rounding may not fit
        // an Int, so compute with magnitudes in UInt64 (each value start + i*step then
        // lies between start and stop, so it fits too).
        let n: Int
        if (step > 0 && stop <= start) || (step < 0 && stop >= start) {
            n = 0
        } else {
            let span = step > 0 ? UInt64(bitPattern: Int64(stop)) &- UInt64(bitPattern: Int64(start))
                                : UInt64(bitPattern: Int64(start)) &- UInt64(bitPattern: Int64(stop))
            let mag = step.magnitude
            let c = span / UInt64(mag) + (span % UInt64(mag) == 0 ? 0 : 1)
            guard c <= UInt64(maxElements) else { throw ComputeError("arange: too many elements (\(c))") }
            n = Int(c)
        }
        try checkShape([n], op: "arange", dtype: .int64)
        let st = Storage.make(n) { p in for i in 0..<n { p[i] = Double(start &+ i &* step) } }
        return NDArray(shape: [n], storage: st, dtype: .int64)
    }

    /// numpy `arange(stop)` (int64).
    public static func arange(_ stop: Int) throws -> NDArray { try arange(0, stop, 1) }

    /// numpy `linspace`: `start + i*step`, `step = (stop-start)/(num-1)` (or `/num` without
    /// the endpoint); with the endpoint, the last value is exactly `stop`.
    public static func linspace(_ start: Double, _ stop: Double, num: Int = 50, endpoint: Bool = true, op: String = "linspace") throws -> NDArray {
        guard num >= 0 else { throw ComputeError("\(op): number of samples, \(num), must be non-negative") }
        guard num <= maxElements else { throw ComputeError("linspace: too many samples (\(num))") }
        try checkShape([num], op: op)
        let div = endpoint ? num - 1 : num
        var st = Storage.filled(num, 0)
        let delta = stop - start
        if div > 0 {
            let step = delta / Double(div)
            if step == 0 {
                for i in 0..<num { st[i] = (Double(i) / Double(div)) * delta + start }
            } else {
                for i in 0..<num { st[i] = Double(i) * step + start }
            }
        } else {
            for i in 0..<num { st[i] = Double(i) * delta + start }
        }
        if endpoint && num > 1 { st[num - 1] = stop }
        return NDArray(shape: [num], storage: st, dtype: .float64)
    }

    /// numpy `logspace`: `base ** linspace(start, stop, num, endpoint)`.
    public static func logspace(_ start: Double, _ stop: Double, num: Int = 50, endpoint: Bool = true, base: Double = 10) throws -> NDArray {
        var a = try linspace(start, stop, num: num, endpoint: endpoint, op: "logspace")
        a.storage.withUnsafeMutableBufferPointer { p in for i in 0..<p.count { p[i] = Foundation.pow(base, p[i]) } }
        return a
    }

    /// numpy `geomspace`-free diagonal helpers: `diag(v)` builds a square matrix from a
    /// 1-D array, `diag(M)` extracts the main diagonal of a 2-D array.
    public static func diag(_ a: NDArray) throws -> NDArray {
        if a.ndim == 1 {
            let n = a.size
            try checkShape([n, n], op: "diag", dtype: a.dtype)
            var m = NDArray(zeros: [n, n], dtype: a.dtype)
            for i in 0..<n { m.storage[i * n + i] = a.storage[i] }
            return m
        }
        guard a.ndim == 2 else { throw ComputeError("diag: input must be 1-D or 2-D, got shape \(a.shapeDescription)") }
        let k = Swift.min(a.shape[0], a.shape[1])
        return NDArray(shape: [k], storage: ContiguousArray((0..<k).map { a.storage[$0 * a.shape[1] + $0] }), dtype: a.dtype)
    }
}
