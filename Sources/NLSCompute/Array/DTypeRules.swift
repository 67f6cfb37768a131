/// numpy-style dtype rules for the four dtypes nls knows.
///
/// Storage is always `Double`; a dtype tag says how values are interpreted:
/// - `float32`: every stored value is rounded through `Float`.
/// - `int64`: stored values are integral (exact up to 2^53).
/// - `bool`: stored values are 0 or 1.
extension DType {
    /// numpy's name for the dtype (`float64`, `float32`, `int64`, `bool`).
    public var name: String { rawValue }

    public var isFloating: Bool { self == .float64 || self == .float32 }
    public var isInteger: Bool { self == .int64 }
    public var isBool: Bool { self == .bool }

    /// Parses "float64"/"float"/"f8", "float32"/"f4", "int64"/"int"/"i8", "bool".
    public static func parse(_ s: String) throws -> DType {
        switch s.lowercased() {
        case "float64", "float", "f8", "double": return .float64
        case "float32", "f4", "single": return .float32
        case "int64", "int", "i8": return .int64
        case "bool", "?": return .bool
        default: throw ComputeError("unknown dtype \"\(s)\"; expected one of float64, float32, int64, bool")
        }
    }

    /// Result dtype of an arithmetic operation between two arrays (numpy promotion).
    /// bool op bool is treated as int64 arithmetic (numpy keeps bool for `+`/`*`; nls
    /// counts instead, which is what analysis code means by summing masks).
    public static func promote(_ a: DType, _ b: DType) -> DType {
        if a == b { return a == .bool ? .int64 : a }
        switch (a, b) {
        case (.float64, _), (_, .float64): return .float64
        case (.float32, .int64), (.int64, .float32): return .float64
        case (.float32, _), (_, .float32): return .float32
        default: return .int64
        }
    }

    /// Result dtype of `array op scalar` with a weak (Python-like) scalar (NEP 50).
    public static func promote(_ a: DType, weakScalarIsInteger: Bool) -> DType {
        if weakScalarIsInteger { return a == .bool ? .int64 : a }
        return a.isFloating ? a : .float64
    }

    /// Rounds a value to what this dtype can hold.
    @inline(__always)
    public func cast(_ x: Double) -> Double {
        switch self {
        case .float64: return x
        case .float32: return Double(Float(x))
        case .int64:
            if x.isNaN || x.isInfinite { return x.isNaN ? 0 : (x > 0 ? 9.223372036854775807e18 : -9.223372036854775808e18) }
            return x.rounded(.towardZero)
        case .bool: return x != 0 ? 1 : 0
        }
    }
}
