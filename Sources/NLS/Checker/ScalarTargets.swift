/// Where an object type stands for a scalar: an element of an Array (`X[i, j]`, `v[0]`)
/// has the static type Array (its rank is known only at run time), and numpy code uses it
/// as a number. A value of a type with a `scalarValue` hook is accepted where an Int,
/// Float, Bool or Str is expected; the interpreter converts it at run time and reports an
/// Array of more than one element there (numpy's `float(a)` rule).
extension TypeChecker {
    static let scalarTypes: [NLSType] = [.int, .float, .bool, .str]

    /// The scalar type (or union of scalar types) a value of type `actual` is converted to
    /// where `expected` is required, or nil when no such conversion applies.
    func scalarTarget(_ actual: NLSType, for expected: NLSType) -> NLSType? {
        guard scalarConversionAllowed, case .object(let name, _) = actual,
              registry.types[name]?.scalarValue != nil else { return nil }
        var wanted = expected
        if case .optional(let t) = wanted { wanted = t }
        switch wanted {
        case .int, .float, .bool, .str: return wanted
        case .union(let ts):
            let scalars = ts.filter { Self.scalarTypes.contains($0) }
            if scalars.isEmpty { return nil }
            return scalars.count == 1 ? scalars[0] : .union(scalars)
        default: return nil
        }
    }

    /// Is `actual` usable where `expected` is required, directly or through a run-time
    /// scalar conversion (recorded on `value`)?
    func acceptsConverting(_ actual: NLSType, _ expected: NLSType, _ value: Expr) -> (ok: Bool, toFloat: Bool) {
        value.scalarTarget = nil
        let direct = isAssignable(actual, to: expected)
        if direct.ok { return direct }
        if let t = scalarTarget(actual, for: expected) { value.scalarTarget = t; return (true, false) }
        return (false, false)
    }
}
