import NLSCompute

/// A hyper-parameter value, as set by name (`setParam("alpha", .double(1))`) or listed in
/// a GridSearch grid.
public enum ParamValue: Equatable, Hashable, CustomStringConvertible, Sendable {
    case double(Double)
    case int(Int)
    case bool(Bool)
    case string(String)
    case doubles([Double])

    public var description: String {
        switch self {
        case .double(let v): return "\(v)"
        case .int(let v): return "\(v)"
        case .bool(let v): return v ? "true" : "false"
        case .string(let v): return "\"\(v)\""
        case .doubles(let v): return "[" + v.map { "\($0)" }.joined(separator: ", ") + "]"
        }
    }

    /// Numeric value (Int widened to Double).
    public var asDouble: Double? {
        switch self {
        case .double(let v): return v
        case .int(let v): return Double(v)
        default: return nil
        }
    }
}

/// What values a parameter accepts.
public enum ParameterKind: Sendable, Equatable {
    case float
    /// One number, or a list of numbers (e.g. one Ridge penalty per target).
    case floatOrFloats
    case int
    case bool
    /// One of `choices`.
    case choice([String])
}

/// One parameter of an estimator, described once: the constructor, checks and help come from it.
public struct ParameterSpec: Sendable {
    public let name: String
    public let kind: ParameterKind
    public let defaultValue: ParamValue
    /// One line, as nilearn/scikit-learn document their parameters.
    public let doc: String
    public init(_ name: String, _ kind: ParameterKind, default value: ParamValue, doc: String) {
        self.name = name; self.kind = kind; self.defaultValue = value; self.doc = doc
    }
}

/// What a fitted attribute holds.
public enum AttributeKind: Sendable, Equatable { case array, float, int }

public enum AttributeValue {
    case array(NDArray)
    case float(Double)
    case int(Int)
}

/// One attribute readable after fit.
public struct AttributeSpec: Sendable {
    public let name: String
    public let kind: AttributeKind
    public let doc: String
    public init(_ name: String, _ kind: AttributeKind, doc: String) {
        self.name = name; self.kind = kind; self.doc = doc
    }
}

/// Reading and validating parameter values by kind (the messages name estimator and parameter).
enum ParamRead {
    static func bool(_ v: ParamValue, _ who: String, _ name: String) throws -> Bool {
        guard case .bool(let b) = v else { throw LearnError("\(who): \(name) must be true or false, got \(v)") }
        return b
    }

    static func choice<T: RawRepresentable & CaseIterable>(_ v: ParamValue, _ who: String, _ name: String) throws -> T where T.RawValue == String {
        guard case .string(let s) = v, let r = T(rawValue: s) else {
            throw LearnError("\(who): \(name) must be one of " + T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ") + ", got \(v)")
        }
        return r
    }
}
