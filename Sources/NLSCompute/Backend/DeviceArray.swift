/// A 2-D matrix held by a backend: device memory on OpenCL (`OpenCLMatrix`), a host
/// `NDArray` on the CPU (`HostArray`). Only the backend that made it can use it.
public protocol DeviceArray: AnyObject {
    var rows: Int { get }
    var cols: Int { get }
}

extension DeviceArray {
    public var shape: [Int] { [rows, cols] }
}

/// The host "device array" of the default implementations: a plain NDArray.
public final class HostArray: DeviceArray {
    public var array: NDArray
    public init(_ array: NDArray) {
        self.array = array.ndim == 2 ? array : array.reshaped([array.rows, array.cols])
    }
    public var rows: Int { array.shape[0] }
    public var cols: Int { array.shape[1] }
}

/// Memory limits used to plan batches on a device.
public struct DeviceMemory: Sendable, Equatable {
    /// Bytes one computation may hold on the device at once.
    public var budget: Int
    /// Largest single buffer in bytes.
    public var maxAllocation: Int
    /// Bytes per element of device buffers (4 for float32, 8 for float64).
    public var elementSize: Int
    /// Whether few large launches beat cache-sized ones: true on GPUs and accelerators
    /// (each launch costs driver time; memory is fast), false on CPU devices (PoCL), whose
    /// kernels run fastest on working sets that stay in cache.
    public var prefersLargeLaunches: Bool
    public init(budget: Int, maxAllocation: Int, elementSize: Int, prefersLargeLaunches: Bool = false) {
        self.budget = budget; self.maxAllocation = maxAllocation; self.elementSize = elementSize
        self.prefersLargeLaunches = prefersLargeLaunches
    }
}

/// Host defaults of the device-resident API: a "device array" is a `HostArray`.
extension ComputeBackend {
    public var deviceMemory: DeviceMemory? { nil }

    func host(_ a: DeviceArray, _ what: String) throws -> HostArray {
        guard let h = a as? HostArray else {
            throw ComputeError("\(what): this array lives on another device than \(name)")
        }
        return h
    }

    public func upload(_ a: NDArray) throws -> DeviceArray { HostArray(a) }

    public func upload(_ a: NDArray, columns: Range<Int>, minus offsets: [Double]?) throws -> DeviceArray {
        try DeviceArrayChecks.columns(a, columns, offsets)
        return try upload(a.takingColumns(columns, minus: offsets.map { Array($0[columns]) }))
    }

    public func download(_ a: DeviceArray) throws -> NDArray { try host(a, "download").array }

    public func allocate(rows: Int, cols: Int) throws -> DeviceArray {
        HostArray(try NDArray.zeros([rows, cols]))
    }

    public func gemm(_ a: DeviceArray, _ b: DeviceArray, transA: Bool, transB: Bool, alpha: Double) throws -> DeviceArray {
        HostArray(try gemm(try host(a, "matmul").array, try host(b, "matmul").array, transA: transA, transB: transB, alpha: alpha))
    }

    public func syrk(_ a: DeviceArray, transA: Bool) throws -> DeviceArray {
        HostArray(try syrk(try host(a, "syrk").array, transA: transA))
    }

    public func gatherRows(_ a: DeviceArray, rows: [Int], minus offset: DeviceArray?) throws -> DeviceArray {
        let src = try host(a, "gather rows").array
        let n = src.rows, w = src.cols
        try DeviceArrayChecks.rows(rows, within: n)
        let off = try offset.map { try host($0, "gather rows").array }
        if let o = off, o.size != w { throw ComputeError("gather rows: offset has \(o.size) values for \(w) columns") }
        var out = try NDArray.zeros([rows.count, w])
        src.storage.withUnsafeBufferPointer { ps in
            out.storage.withUnsafeMutableBufferPointer { po in
                for (r, i) in rows.enumerated() {
                    for q in 0..<w { po[r * w + q] = ps[i * w + q] - (off?.storage[q] ?? 0) }
                }
            }
        }
        return HostArray(out)
    }

    public func columnMeans(_ a: DeviceArray) throws -> DeviceArray {
        let src = try host(a, "column means").array
        let n = src.rows, w = src.cols
        var mean = NDArray(zeros: [1, w])
        if n > 0 {
            for i in 0..<n { for q in 0..<w { mean.storage[q] += src.storage[i * w + q] } }
            for q in 0..<w { mean.storage[q] /= Double(n) }
        }
        return HostArray(mean)
    }

    public func subtractRow(_ a: DeviceArray, _ row: DeviceArray) throws {
        let h = try host(a, "subtract row"), r = try host(row, "subtract row").array
        let n = h.rows, w = h.cols
        guard r.size == w else { throw ComputeError("subtract row: row has \(r.size) values for \(w) columns") }
        for i in 0..<n { for q in 0..<w { h.array.storage[i * w + q] -= r.storage[q] } }
    }

    public func withHostThreads<T>(_ n: Int, _ body: () throws -> T) rethrows -> T { try body() }
}

enum DeviceArrayChecks {
    static func rows(_ rows: [Int], within n: Int) throws {
        for i in rows where i < 0 || i >= n {
            throw ComputeError("gather rows: row index \(i) out of range for \(n) rows")
        }
    }

    static func columns(_ a: NDArray, _ columns: Range<Int>, _ offsets: [Double]?) throws {
        guard a.ndim == 2 else { throw ComputeError("upload: expected a 2-D array, got shape \(a.shape)") }
        guard columns.lowerBound >= 0, columns.upperBound <= a.cols else {
            throw ComputeError("upload: columns \(columns) out of range for \(a.cols) columns")
        }
        if let o = offsets, o.count != a.cols {
            throw ComputeError("upload: \(o.count) offsets for \(a.cols) columns")
        }
    }
}
