/// Convenience constructors, conversions and element access that validate user input.
extension NDArray {
    /// Validating initialiser: throws instead of trapping when `values.count` does not
    /// match the shape. Values are cast to `dtype`.
    public init(validating shape: [Int], _ values: [Double], dtype: DType = .float64) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else { throw ComputeError("negative dimensions are not allowed: \(shape)") }
        let n = try NDArray.elementCount(shape)
        guard n == values.count else {
            throw ComputeError("cannot make an array of shape \(NDArray.shapeString(shape)) from \(values.count) values")
        }
        var st = ContiguousArray(values)
        if dtype != .float64 { NDArray.castInPlace(&st, dtype) }
        self.init(shape: shape, storage: st, dtype: dtype)
    }

    /// 1-D float64 array from values.
    public init(_ values: [Double]) { self.init(shape: [values.count], storage: ContiguousArray(values), dtype: .float64) }
    /// 1-D int64 array from values.
    public init(_ values: [Int]) { self.init(shape: [values.count], storage: ContiguousArray(values.map(Double.init)), dtype: .int64) }
    /// 1-D bool array from values.
    public init(_ values: [Bool]) { self.init(shape: [values.count], storage: ContiguousArray(values.map { $0 ? 1.0 : 0.0 }), dtype: .bool) }
    /// 2-D float64 array from rows; throws on ragged rows.
    public init(rows: [[Double]]) throws {
        let c = rows.first?.count ?? 0
        for (i, r) in rows.enumerated() where r.count != c {
            throw ComputeError("ragged rows: row 0 has \(c) values, row \(i) has \(r.count)")
        }
        self.init(shape: [rows.count, c], storage: ContiguousArray(rows.joined()), dtype: .float64)
    }

    static func castInPlace(_ st: inout ContiguousArray<Double>, _ dtype: DType) {
        if dtype == .float64 { return }
        st.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count { p[i] = dtype.cast(p[i]) }
        }
    }

    /// Copy with another dtype (numpy `astype`): float→int truncates toward zero,
    /// nonzero→True, float32 rounds through Float.
    public func astype(_ dtype: DType) -> NDArray {
        if dtype == self.dtype { return self }
        var st = storage
        NDArray.castInPlace(&st, dtype)
        return NDArray(shape: shape, storage: st, dtype: dtype)
    }

    /// Shape as numpy prints it: `(3,)`, `(2, 3)`, `()`.
    public static func shapeString(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
    public var shapeDescription: String { NDArray.shapeString(shape) }

    /// The single value of a size-1 array (numpy `item()`).
    public func item() throws -> Double {
        guard size == 1 else { throw ComputeError("can only convert an array of size 1 to a scalar, got shape \(shapeDescription)") }
        return storage[0]
    }

    /// Element at a full multi-index (negative indices count from the end).
    public func value(at index: [Int]) throws -> Double {
        storage[try flatOffset(index)]
    }

    /// Sets the element at a full multi-index (value cast to the array's dtype).
    public mutating func setValue(_ v: Double, at index: [Int]) throws {
        let o = try flatOffset(index)
        storage[o] = dtype.cast(v)
    }

    func flatOffset(_ index: [Int]) throws -> Int {
        guard index.count == ndim else {
            throw ComputeError("expected \(ndim) indices for an array of shape \(shapeDescription), got \(index.count)")
        }
        var off = 0, step = 1
        for d in stride(from: ndim - 1, through: 0, by: -1) {
            off += try NDArray.normalizeIndex(index[d], size: shape[d], axis: d) * step
            step *= shape[d]
        }
        return off
    }

    static func normalizeIndex(_ i: Int, size: Int, axis: Int) throws -> Int {
        let j = i < 0 ? i + size : i
        guard j >= 0 && j < size else {
            throw ComputeError("index \(i) is out of bounds for axis \(axis) with size \(size)")
        }
        return j
    }

    static func normalizeAxis(_ axis: Int, ndim: Int) throws -> Int {
        let a = axis < 0 ? axis + ndim : axis
        guard a >= 0 && a < ndim else {
            throw ComputeError("axis \(axis) is out of bounds for array of dimension \(ndim)")
        }
        return a
    }

    /// Values as a Swift array.
    public var values: [Double] { Array(storage) }
    /// Values as Swift `Int`s (truncating).
    public var intValues: [Int] { storage.map(NDArray.safeInt) }

    /// Double → Int without trapping (NaN → 0, out of range clamps).
    @inline(__always) static func safeInt(_ x: Double) -> Int {
        if x.isNaN { return 0 }
        if x >= 9.2e18 { return Int.max }
        if x <= -9.2e18 { return Int.min }
        return Int(x)
    }
    /// Values as Swift `Bool`s (nonzero = true).
    public var boolValues: [Bool] { storage.map { $0 != 0 } }
}
