/// The one interface through which builtins enter the language: functions, object
/// types (with methods and attributes), operators on object types, subscripts and
/// settings. The parser and checker never change when a builtin is added.

/// Arguments of a builtin call, in parameter order, defaults filled in.
public struct Args {
    public let values: [Value]
    public let names: [String]
    /// Extra positional arguments of a variadic builtin.
    public let rest: [Value]
    public let location: SourceLocation?
    /// Settings and output of the running program.
    public let context: CallContext

    public init(values: [Value], names: [String], rest: [Value] = [], location: SourceLocation? = nil, context: CallContext = CallContext()) {
        self.values = values; self.names = names; self.rest = rest; self.location = location; self.context = context
    }

    public subscript(_ name: String) -> Value {
        guard let i = names.firstIndex(of: name) else { return .none }
        return values[i]
    }
    public subscript(_ i: Int) -> Value { values[i] }
}

/// Errors a builtin throws for bad input; the interpreter adds the source position and call stack.
public struct RuntimeError: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

public typealias BuiltinImpl = (Args) throws -> Value
public typealias MethodImpl = (Value, Args) throws -> Value

public struct BuiltinFunction {
    public let name: String
    public let signature: FunctionSignature
    public let doc: String
    public let impl: BuiltinImpl
    /// Extra static check on the argument types (by parameter name); returns an error message.
    public var staticCheck: (([String: NLSType]) -> String?)?
    public init(name: String, signature: FunctionSignature, doc: String, impl: @escaping BuiltinImpl) {
        self.name = name; self.signature = signature; self.doc = doc; self.impl = impl
    }
}

public struct BuiltinMethod {
    public let name: String
    public let signature: FunctionSignature
    public let doc: String
    public let impl: MethodImpl
}

public struct BuiltinAttribute {
    public let name: String
    public let type: NLSType
    public let doc: String
    public let get: (Value) throws -> Value
}

/// What one index position of a subscript looks like to the checker.
public enum IndexKind { case int, slice, other(NLSType) }

/// An index position at run time.
public enum IndexValue {
    case int(Int)
    case slice(start: Int?, stop: Int?, step: Int?)
    case value(Value)
}

public struct SubscriptSpec {
    /// Result type for the given index kinds, or an error message.
    public let resultType: ([IndexKind]) -> Result<NLSType, RuntimeError>
    public let get: (Value, [IndexValue]) throws -> Value
    /// Returns the updated container (values keep value semantics).
    public let set: ((Value, [IndexValue], Value) throws -> Value)?
    /// Type accepted on the right of `x[...] = value`.
    public let valueType: NLSType?
    public init(resultType: @escaping ([IndexKind]) -> Result<NLSType, RuntimeError>,
                get: @escaping (Value, [IndexValue]) throws -> Value,
                set: ((Value, [IndexValue], Value) throws -> Value)? = nil, valueType: NLSType? = nil) {
        self.resultType = resultType; self.get = get; self.set = set; self.valueType = valueType
    }
}

public final class ObjectTypeInfo {
    public let name: String
    public let typeParams: [String]
    public var conforms: Set<String>
    public let doc: String
    /// The first overload of each method (for help and completion).
    public var methods: [String: BuiltinMethod] = [:]
    /// Every overload of each method, tried in registration order.
    public var methodOverloads: [String: [BuiltinMethod]] = [:]
    public var attributes: [String: BuiltinAttribute] = [:]
    public var subscriptSpec: SubscriptSpec?
    /// Values of this type may stand where an Int, Float, Bool or Str is expected (numpy's
    /// `float(a)` of a one-element array): returns the scalar, or throws. Checked at run time.
    public var scalarValue: ((Value) throws -> Value)?
    /// Element type when a value of this type is iterated with `for`.
    public var elementType: NLSType?
    public var iterate: ((Value) throws -> [Value])?
    public init(name: String, typeParams: [String] = [], conforms: Set<String> = [], doc: String) {
        self.name = name; self.typeParams = typeParams; self.conforms = conforms; self.doc = doc
    }
}

public struct OperatorOverload {
    public let op: Symbol
    public let lhs: NLSType
    public let rhs: NLSType
    public let result: NLSType
    public let impl: ContextualBinaryImpl
}

public struct UnaryOverload {
    public let op: Symbol
    public let operand: NLSType
    public let result: NLSType
    public let impl: (Value) throws -> Value
}

/// A runtime setting (`set NAME = value`).
public struct SettingSpec {
    public let name: String
    public let type: NLSType
    public let doc: String
    /// Validates and normalises a new value (throws RuntimeError with a helpful message).
    public var validate: (Value) throws -> Value
    /// Called after the value changed.
    public var didChange: ((Value) -> Void)?
}

public final class BuiltinRegistry {
    /// The first overload of each builtin function (what `?name` shows).
    public private(set) var functions: [String: BuiltinFunction] = [:]
    /// Every overload of each builtin function, tried in registration order.
    public private(set) var overloads: [String: [BuiltinFunction]] = [:]
    public private(set) var types: [String: ObjectTypeInfo] = [:]
    public private(set) var binaryOperators: [OperatorOverload] = []
    public private(set) var unaryOperators: [UnaryOverload] = []
    public private(set) var settings: [String: SettingSpec] = [:]
    public private(set) var settingDefaults: [String: Value] = [:]
    /// Protocol name → documentation (e.g. "Estimator").
    public private(set) var protocols: [String: String] = [:]
    /// `%magics` by name, and their names in registration order (as `%lsmagic` lists them).
    public internal(set) var magics: [String: MagicSpec] = [:]
    public internal(set) var magicNames: [String] = []

    /// A registry starts with the core magics (`%time`, `%run`, …), which are part of the language.
    public init(coreMagics: Bool = true) {
        if coreMagics { CoreMagics.register(into: self) }
    }

    public func function(_ name: String, _ params: [ParamSpec], returns: NLSType, variadic: NLSType? = nil,
                         typeParams: [(String, String?)] = [], doc: String, check: (([String: NLSType]) -> String?)? = nil,
                         _ impl: @escaping BuiltinImpl) {
        var f = BuiltinFunction(name: name, signature: FunctionSignature(params: params, returns: returns, variadic: variadic, typeParams: typeParams), doc: doc, impl: impl)
        f.staticCheck = check
        overloads[name, default: []].append(f)
        if functions[name] == nil { functions[name] = f }
    }

    @discardableResult
    public func objectType(_ name: String, typeParams: [String] = [], conforms: Set<String> = [], doc: String) -> ObjectTypeInfo {
        if let t = types[name] { t.conforms.formUnion(conforms); return t }
        let t = ObjectTypeInfo(name: name, typeParams: typeParams, conforms: conforms, doc: doc)
        types[name] = t
        return t
    }

    public func declareProtocol(_ name: String, doc: String) { protocols[name] = doc }

    public func method(_ typeName: String, _ name: String, _ params: [ParamSpec], returns: NLSType, variadic: NLSType? = nil,
                       typeParams: [(String, String?)] = [], doc: String, _ impl: @escaping MethodImpl) {
        let t = objectType(typeName, doc: "")
        let m = BuiltinMethod(name: name, signature: FunctionSignature(params: params, returns: returns, variadic: variadic, typeParams: typeParams), doc: doc, impl: impl)
        t.methodOverloads[name, default: []].append(m)
        if t.methods[name] == nil { t.methods[name] = m }
    }

    public func attribute(_ typeName: String, _ name: String, _ type: NLSType, doc: String, _ get: @escaping (Value) throws -> Value) {
        objectType(typeName, doc: "").attributes[name] = BuiltinAttribute(name: name, type: type, doc: doc, get: get)
    }

    public func binary(_ op: Symbol, _ lhs: NLSType, _ rhs: NLSType, returns: NLSType, _ impl: @escaping (Value, Value) throws -> Value) {
        binaryOperators.append(OperatorOverload(op: op, lhs: lhs, rhs: rhs, result: returns, impl: { a, b, _ in try impl(a, b) }))
    }

    /// An operator whose implementation reads the call context (settings such as `device`).
    public func binaryWithContext(_ op: Symbol, _ lhs: NLSType, _ rhs: NLSType, returns: NLSType, _ impl: @escaping ContextualBinaryImpl) {
        binaryOperators.append(OperatorOverload(op: op, lhs: lhs, rhs: rhs, result: returns, impl: impl))
    }

    public func unary(_ op: Symbol, _ operand: NLSType, returns: NLSType, _ impl: @escaping (Value) throws -> Value) {
        unaryOperators.append(UnaryOverload(op: op, operand: operand, result: returns, impl: impl))
    }

    public func setting(_ name: String, _ type: NLSType, default value: Value, doc: String, validate: @escaping (Value) throws -> Value = { $0 },
                        didChange: ((Value) -> Void)? = nil) {
        settings[name] = SettingSpec(name: name, type: type, doc: doc, validate: validate, didChange: didChange)
        settingDefaults[name] = value
    }

    /// Replaces the validator of an existing setting (e.g. the compute layer validates `device`).
    public func refineSetting(_ name: String, validate: @escaping (Value) throws -> Value, didChange: ((Value) -> Void)? = nil) {
        guard var s = settings[name] else { return }
        s.validate = validate
        if let d = didChange { s.didChange = d }
        settings[name] = s
    }

    public func conforms(_ typeName: String, to proto: String) -> Bool {
        types[typeName]?.conforms.contains(proto) ?? false
    }
}
