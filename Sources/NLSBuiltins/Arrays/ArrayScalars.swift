import NLS
import NLSCompute

/// numpy's scalars: an element of an Array (`v[0]`, `X[i, j]`, any 0-d result) is a
/// plain Int, Float or Bool at run time, typed Array at check time (an Array's rank is not
/// known before it runs). Where a number is expected an Array stands for one when it holds
/// exactly one element (numpy's `float(a)`); iterating an Array gives its rows.
enum ArrayScalars {
    /// The element of a 0-d (or one-element) array as a scalar of its dtype.
    static func scalar(_ a: NDArray) throws -> Value { scalar(try a.item(), a.dtype) }

    /// One stored value as the scalar of its dtype.
    static func scalar(_ x: Double, _ dtype: DType) -> Value {
        switch dtype {
        case .int64: return .int(x.isFinite && abs(x) < 9.2e18 ? Int(x) : 0)
        case .bool: return .bool(x != 0)
        default: return .float(x)
        }
    }

    /// Arithmetic between two float64 scalars (at least one a Float, the other a Float or
    /// an Int), as numpy computes it on np.float64 — IEEE, so `1.0 / 0.0` is inf — without
    /// making 0-d arrays: element loops (`total += X[i, j] * w`) stay as fast as before
    /// elements were Arrays. nil for every other case (ints, bools, `**`, `//`, `%`).
    @inline(__always)
    static func floatBinary(_ op: BinaryOp, _ a: Value, _ b: Value) -> Value? {
        let x: Double, y: Double
        switch (a, b) {
        case (.float(let p), .float(let q)): x = p; y = q
        case (.float(let p), .int(let q)): x = p; y = Double(q)
        case (.int(let p), .float(let q)): x = Double(p); y = q
        default: return nil
        }
        switch op {
        case .add: return .float(x + y)
        case .subtract: return .float(x - y)
        case .multiply: return .float(x * y)
        case .divide: return .float(x / y)
        case .equal: return .bool(x == y)
        case .notEqual: return .bool(x != y)
        case .less: return .bool(x < y)
        case .lessEqual: return .bool(x <= y)
        case .greater: return .bool(x > y)
        case .greaterEqual: return .bool(x >= y)
        default: return nil
        }
    }

    static func isScalar(_ v: Value) -> Bool {
        switch v {
        case .int, .float, .bool: return true
        default: return false
        }
    }

    static func register(_ r: BuiltinRegistry) {
        let info = r.objectType("Array", doc: "")
        info.scalarValue = { v in
            if isScalar(v) { return v }
            if case .str = v { return v }
            if case .object(let o) = v, let s = o.payload as? StringArray {
                guard s.count == 1 else { throw RuntimeError("only an Array of one element can be used as a Str; this one has \(s.count)") }
                return .str(s.values[0])
            }
            let a = try v.ndarray()
            guard a.size == 1 else {
                let rowHint = a.ndim == 1 ? "" : " (X[i] of a \(a.ndim)-D Array is a sub-array: X[i, j] is one element)"
                throw RuntimeError("only an Array of one element can be used as a number; this one has shape \(NDArray.shapeString(a.shape))\(rowHint)")
            }
            return try scalar(a)
        }
        info.elementType = DataTypes.array
        info.iterate = { v in
            if case .object(let o) = v, let s = o.payload as? StringArray { return s.values.map { .str($0) } }
            let a = try v.ndarray()
            guard a.ndim > 0 else { throw RuntimeError("iteration over a 0-d Array") }
            return try (0..<a.shape[0]).map { .array(try a.get([.at($0)])) }
        }
    }
}
