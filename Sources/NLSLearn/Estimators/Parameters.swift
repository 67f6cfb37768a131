import NLSCompute

/// A hyper-parameter value, as set by name (`setParam("alpha", .double(1))`) or listed in
/// a GridSearch grid.
public enum ParamValue: Equatable, Hashable, CustomStringConvertible, Sendable {
    case double(Double)
    case int(Int)
    case bool(Bool)
    case string(String)
    case doubles([Double])
    /// No value (scikit-learn's None: `n_components=None`, `random_state=None`).
    case none

    public var description: String {
        switch self {
        case .none: return "none"
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
    /// An integer or none (scikit-learn's `int | None`: n_components, random_state).
    case optionalInt
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

    /// An integer ≥ `min`, or none (nil).
    static func optionalInt(_ v: ParamValue, _ who: String, _ name: String, min: Int) throws -> Int? {
        if v == .none { return nil }
        guard case .int(let i) = v else { throw LearnError("\(who): \(name) must be an integer or none, got \(v)") }
        guard i >= min else { throw LearnError("\(who): \(name) must be ≥ \(min) (or none), got \(i)") }
        return i
    }

    /// A random_state: none, or an integer seed numpy accepts (0…2³²−1).
    static func seed(_ v: ParamValue, _ who: String, _ name: String) throws -> Int? {
        let s = try optionalInt(v, who, name, min: 0)
        if let s = s, s > Int(UInt32.max) { throw LearnError("\(who): \(name) must be between 0 and 2**32 - 1, got \(s)") }
        return s
    }

    static func choice<T: RawRepresentable & CaseIterable>(_ v: ParamValue, _ who: String, _ name: String) throws -> T where T.RawValue == String {
        guard case .string(let s) = v, let r = T(rawValue: s) else {
            throw LearnError("\(who): \(name) must be one of " + T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ") + ", got \(v)")
        }
        return r
    }
}
