import NLS

/// Helpers for builtin implementations: read typed values out of `Value`s.
extension Value {
    public func asDouble() throws -> Double {
        switch self {
        case .float(let d): return d
        case .int(let i): return Double(i)
        case .bool(let b): return b ? 1 : 0
        default: throw RuntimeError("expected a number, got \(repr)")
        }
    }
    public func asInt() throws -> Int {
        switch self {
        case .int(let i): return i
        default: throw RuntimeError("expected an Int, got \(repr)")
        }
    }
    public func asString() throws -> String {
        guard case .str(let s) = self else { throw RuntimeError("expected a Str, got \(repr)") }
        return s
    }
    public func asBool() throws -> Bool {
        guard case .bool(let b) = self else { throw RuntimeError("expected a Bool, got \(repr)") }
        return b
    }
    public func asList() throws -> [Value] {
        guard case .list(let xs) = self else { throw RuntimeError("expected a List, got \(repr)") }
        return xs
    }
    public var isNone: Bool { if case .none = self { return true } else { return false } }
    /// The payload of a builtin object, checked to be of type `T`.
    public func payload<T>(_ type: T.Type) throws -> T {
        guard case .object(let o) = self, let p = o.payload as? T else { throw RuntimeError("expected \(T.self), got \(repr)") }
        return p
    }
}
