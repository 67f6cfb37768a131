/// Static types of nls. Builtin object types (Array, Image, Ridge, ...) are `.object`
/// values named by the builtins layer; the core knows nothing about what they mean.
public indirect enum NLSType: Equatable, CustomStringConvertible {
    case int, float, bool, str, void, none, any, range
    case list(NLSType)
    case record([RecordField])
    case function(FunctionSignature)
    case object(String, [NLSType])
    case optional(NLSType)
    case union([NLSType])
    /// A type parameter of a builtin signature (bound at each call).
    case typeVar(String)
    /// Any object type that conforms to the named protocol (e.g. "Estimator").
    case protocolType(String)

    public static func obj(_ name: String) -> NLSType { .object(name, []) }

    public var description: String {
        switch self {
        case .int: return "Int"
        case .float: return "Float"
        case .bool: return "Bool"
        case .str: return "Str"
        case .void: return "Void"
        case .none: return "None"
        case .any: return "Any"
        case .range: return "Range"
        case .list(let t): return "List[\(t)]"
        case .record(let fields): return "{" + fields.map { "\($0.name): \($0.type)" }.joined(separator: ", ") + "}"
        case .function(let sig): return sig.description
        case .object(let name, let args): return args.isEmpty ? name : "\(name)[\(args.map(\.description).joined(separator: ", "))]"
        case .optional(let t): return "\(t)?"
        case .union(let ts): return ts.map(\.description).joined(separator: " | ")
        case .typeVar(let n): return n
        case .protocolType(let p): return p
        }
    }

    /// Replaces type variables by their bindings.
    public func substituting(_ b: [String: NLSType]) -> NLSType {
        if b.isEmpty { return self }
        switch self {
        case .typeVar(let n): return b[n] ?? self
        case .list(let t): return .list(t.substituting(b))
        case .optional(let t): return .optional(t.substituting(b))
        case .union(let ts): return .union(ts.map { $0.substituting(b) })
        case .object(let n, let args): return .object(n, args.map { $0.substituting(b) })
        case .record(let fs): return .record(fs.map { RecordField(name: $0.name, type: $0.type.substituting(b)) })
        case .function(let sig):
            return .function(FunctionSignature(params: sig.params.map { $0.withType($0.type.substituting(b)) },
                                               returns: sig.returns.substituting(b), variadic: sig.variadic?.substituting(b)))
        default: return self
        }
    }

    var isNumeric: Bool { self == .int || self == .float }
}

public struct RecordField: Equatable {
    public let name: String
    public let type: NLSType
    public init(name: String, type: NLSType) { self.name = name; self.type = type }
}

/// A parameter of a function or builtin: name, type and optional default value.
/// Whether a parameter may be left out, and what it then gets.
public enum ParamDefault {
    case required
    /// A builtin's default, `none` included: `ParamSpec("axis", .optional(.int), default: .none)`.
    case value(Value)
    /// A user function's default expression, evaluated by the interpreter at each call.
    case expression
}

public struct ParamSpec: Equatable {
    public let name: String
    public let type: NLSType
    public let defaulting: ParamDefault

    /// A required parameter.
    public init(_ name: String, _ type: NLSType) { self.init(name, type, defaulting: .required) }
    /// A parameter with a default; non-optional, so `default: .none` means nls's `none`.
    public init(_ name: String, _ type: NLSType, default value: Value) { self.init(name, type, defaulting: .value(value)) }
    public init(_ name: String, _ type: NLSType, defaulting: ParamDefault) {
        self.name = name; self.type = type; self.defaulting = defaulting
    }
    public static func required(_ name: String, _ type: NLSType) -> ParamSpec { ParamSpec(name, type) }

    public var hasDefault: Bool { if case .required = defaulting { return false }; return true }
    /// The builtin default, if there is one.
    public var defaultValue: Value? { if case .value(let v) = defaulting { return v }; return nil }
    /// The same parameter with another type (generic substitution).
    public func withType(_ t: NLSType) -> ParamSpec { ParamSpec(name, t, defaulting: defaulting) }

    public static func == (a: ParamSpec, b: ParamSpec) -> Bool { a.name == b.name && a.type == b.type && a.hasDefault == b.hasDefault }
}

public struct FunctionSignature: Equatable, CustomStringConvertible {
    public var params: [ParamSpec]
    public var returns: NLSType
    /// Extra positional arguments of this type (e.g. `print`).
    public var variadic: NLSType?
    /// Type parameters with an optional protocol constraint.
    public var typeParams: [(name: String, constraint: String?)]

    public init(params: [ParamSpec], returns: NLSType, variadic: NLSType? = nil, typeParams: [(String, String?)] = []) {
        self.params = params; self.returns = returns; self.variadic = variadic
        self.typeParams = typeParams.map { (name: $0.0, constraint: $0.1) }
    }

    public static func == (a: FunctionSignature, b: FunctionSignature) -> Bool {
        a.params == b.params && a.returns == b.returns && a.variadic == b.variadic
    }

    public var description: String {
        var parts = params.map { p -> String in
            var s = p.name.isEmpty ? "\(p.type)" : "\(p.name): \(p.type)"
            if p.hasDefault { s += " = " + (p.defaultValue.map { $0.repr } ?? "…") }
            return s
        }
        if let v = variadic { parts.append("\(v)...") }
        return "(" + parts.joined(separator: ", ") + ") -> \(returns)"
    }
}
