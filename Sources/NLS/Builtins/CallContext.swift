/// What a builtin call may read of the program running it: the settings in force and
/// where output goes. The interpreter hands it to every builtin function, method and
/// contextual operator, so builtins need no global session.
public struct CallContext {
    public let settings: [String: Value]
    public let output: Output

    public init(settings: [String: Value] = [:], output: Output = .stdout) {
        self.settings = settings; self.output = output
    }

    /// The setting's value, or `none` when it is not set.
    public func setting(_ name: String) -> Value { settings[name] ?? .none }
}

/// An operator implementation that reads the call context (e.g. `@` uses the `device`).
public typealias ContextualBinaryImpl = (Value, Value, CallContext) throws -> Value
