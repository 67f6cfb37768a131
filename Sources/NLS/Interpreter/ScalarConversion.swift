extension Interpreter {
    /// A value the checker let stand for a scalar of type `target` (an Int, Float, Bool or
    /// Str, or a union of them): an element of an Array read as a number. Objects go
    /// through their type's `scalarValue` hook (an Array of one element gives its value;
    /// a larger one is an error here); an Int becomes a Float where only a Float fits.
    func convertScalar(_ v: Value, to target: NLSType, _ offset: Int) throws -> Value {
        var x = v
        if case .object(let o) = v {
            guard let hook = registry.types[o.typeName]?.scalarValue else {
                throw fail("expected \(target), got \(v.repr)", offset)
            }
            do { x = try hook(v) } catch { throw wrap(error, offset) }
        }
        let wanted: [NLSType]
        if case .union(let ts) = target { wanted = ts } else { wanted = [target] }
        let actual: NLSType
        switch x {
        case .int: actual = .int
        case .float: actual = .float
        case .bool: actual = .bool
        case .str: actual = .str
        default: throw fail("expected \(target), got \(x.repr)", offset)
        }
        if wanted.contains(actual) { return x }
        if actual == .int, wanted.contains(.float), case .int(let i) = x { return .float(Double(i)) }
        let what: String
        switch actual {
        case .float: what = "a float element"
        case .int: what = "an integer element"
        case .bool: what = "a bool element"
        default: what = "a string element"
        }
        var hint = ""
        if wanted.contains(.int) && actual == .float { hint = "; use int(…) to truncate it" }
        if wanted == [.bool] { hint = "; compare it, e.g. x > 0" }
        throw fail("expected \(target), got \(x.repr) (\(what))\(hint)", offset)
    }
}
