import Foundation

/// Run-time values. Lists and records are values (copy on write); builtin objects are
/// reference-counted boxes whose payload only the builtins layer understands.
public enum Value: Equatable {
    case int(Int)
    case float(Double)
    case bool(Bool)
    case str(String)
    case none
    case list([Value])
    case record(RecordValue)
    case function(FunctionValue)
    case object(NativeObject)
    case range(Int, Int)

    public static func == (a: Value, b: Value) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x == y
        case (.float(let x), .float(let y)): return x == y
        case (.int(let x), .float(let y)), (.float(let y), .int(let x)): return Double(x) == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.str(let x), .str(let y)): return x == y
        case (.none, .none): return true
        case (.list(let x), .list(let y)): return x == y
        case (.record(let x), .record(let y)): return x.names == y.names && x.values == y.values
        case (.range(let a1, let b1), .range(let a2, let b2)): return a1 == a2 && b1 == b2
        case (.function(let x), .function(let y)): return x === y
        case (.object(let x), .object(let y)): return x === y
        default: return false
        }
    }

    /// Text shown by `print` (strings without quotes).
    public var display: String {
        switch self {
        case .str(let s): return s
        case .object(let o): if let p = o.payload as? PrintableValue { return p.printDescription }; return repr
        default: return repr
        }
    }

    /// Text shown by the REPL echo and inside containers (strings quoted).
    public var repr: String {
        switch self {
        case .int(let i): return String(i)
        case .float(let d): return formatFloat(d)
        case .bool(let b): return b ? "true" : "false"
        case .str(let s): return "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n") + "\""
        case .none: return "none"
        case .list(let items):
            if items.count > 100 {
                return "[" + items.prefix(3).map(\.repr).joined(separator: ", ") + ", ..., " + items.suffix(3).map(\.repr).joined(separator: ", ") + "]"
            }
            return "[" + items.map(\.repr).joined(separator: ", ") + "]"
        case .record(let r): return "{" + zip(r.names, r.values).map { "\($0): \($1.repr)" }.joined(separator: ", ") + "}"
        case .function(let f): return "<fn \(f.name)>"
        case .object(let o): return o.describe()
        case .range(let a, let b): return "\(a)..<\(b)"
        }
    }
}

/// Floats print like Python's repr: shortest round-trip digits, always with a '.' or exponent.
public func formatFloat(_ d: Double) -> String {
    if d.isNaN { return "nan" }
    if d.isInfinite { return d < 0 ? "-inf" : "inf" }
    var s = "\(d)"
    if s.hasSuffix(".0") && abs(d) >= 1e16 { s = String(format: "%.16g", d) }
    if s.contains("e") {
        // Swift prints 1e-07; Python prints 1e-07 too, and 1e+16 for large values.
        if let eIdx = s.firstIndex(of: "e") {
            let mant = s[..<eIdx]
            var exp = String(s[s.index(after: eIdx)...])
            var sign = "+"
            if exp.hasPrefix("-") { sign = "-"; exp.removeFirst() } else if exp.hasPrefix("+") { exp.removeFirst() }
            if exp.count < 2 { exp = "0" + exp }
            let m = mant.hasSuffix(".0") ? String(mant.dropLast(2)) : String(mant)
            return "\(m)e\(sign)\(exp)"
        }
    }
    return s
}

public struct RecordValue {
    public var names: [String]
    public var values: [Value]
    public init(names: [String], values: [Value]) { self.names = names; self.values = values }
    public subscript(_ name: String) -> Value? {
        guard let i = names.firstIndex(of: name) else { return nil }
        return values[i]
    }
}

/// A user function (declaration + the frame it closes over) or a builtin function.
public final class FunctionValue {
    public let name: String
    public let signature: FunctionSignature
    let decl: FunctionDecl?
    let closure: Frame?
    let builtin: BuiltinFunction?
    let file: SourceFile?
    init(decl: FunctionDecl, signature: FunctionSignature, closure: Frame, file: SourceFile) {
        self.name = decl.name; self.signature = signature; self.decl = decl; self.closure = closure; self.builtin = nil
        self.file = file
    }
    init(builtin: BuiltinFunction) {
        self.name = builtin.name; self.signature = builtin.signature; self.decl = nil; self.closure = nil; self.builtin = builtin
        self.file = nil
    }
    /// Documentation shown by `?name` / `%help`.
    public var doc: String? { decl?.doc ?? builtin?.doc }
}

/// Payloads that print differently with `print` (like numpy's str) than in the REPL echo (repr).
public protocol PrintableValue {
    var printDescription: String { get }
}

/// A builtin object (array, image, estimator...). `payload` is owned by the builtins layer.
public final class NativeObject {
    public let type: NLSType
    public var payload: Any
    public init(type: NLSType, payload: Any) { self.type = type; self.payload = payload }
    public var typeName: String { if case .object(let n, _) = type { return n } else { return type.description } }
    func describe() -> String {
        if let d = payload as? CustomStringConvertible { return d.description }
        // Images, estimators…: one line that says what the object is, not `<Image>`.
        if let p = payload as? PrintableValue { return p.printDescription }
        return "<\(type)>"
    }
}
