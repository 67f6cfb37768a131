/// How a call site maps its arguments onto the callee's parameters, decided once by
/// the checker so the interpreter does no name matching at run time.
public final class CallPlan {
    public enum Target {
        /// Evaluate the callee expression to a function value.
        case value
        case builtin(BuiltinFunction)
        /// A method of a builtin object type; the receiver is the member expression's base.
        case method(BuiltinMethod, receiver: Expr)
    }
    public enum Source {
        case argument(Int)
        case defaultValue
    }
    public let target: Target
    /// One entry per parameter of the callee.
    public let sources: [Source]
    /// Indices of extra positional arguments (variadic builtins).
    public let rest: [Int]
    /// Per parameter: the value must be converted from Int to Float.
    public let toFloat: [Bool]
    public let paramNames: [String]

    init(target: Target, sources: [Source], rest: [Int], toFloat: [Bool], paramNames: [String]) {
        self.target = target; self.sources = sources; self.rest = rest; self.toFloat = toFloat; self.paramNames = paramNames
    }
}
