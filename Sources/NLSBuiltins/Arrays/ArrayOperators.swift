import NLS
import NLSCompute

/// Element-wise operators, comparisons and `@` on arrays (numpy broadcasting).
enum ArrayOperators {
    static func register(_ r: BuiltinRegistry) {
        let A = DataTypes.array
        let ops: [(Symbol, BinaryOp)] = [
            (.plus, .add), (.minus, .subtract), (.star, .multiply), (.slash, .divide), (.starStar, .power),
            (.slashSlash, .floorDivide), (.percent, .mod),
            (.eq, .equal), (.ne, .notEqual), (.lt, .less), (.le, .lessEqual), (.gt, .greater), (.ge, .greaterEqual),
        ]
        for (sym, op) in ops {
            if sym == .eq || sym == .ne {
                // Labels: string Arrays compare with each other and with a Str.
                r.binary(sym, A, A, returns: A) { a, b in
                    if let v = ArrayScalars.floatBinary(op, a, b) { return v }
                    if let v = try StringArrayValues.compare(a, b, negate: sym == .ne) { return v }
                    return .array(try NDArray.binary(op, a.ndarray(), b.ndarray()))
                }
                r.binary(sym, A, .str, returns: A) { a, b in try StringArrayValues.compare(a, b, negate: sym == .ne) ?? .bool(sym == .ne) }
                r.binary(sym, .str, A, returns: A) { a, b in try StringArrayValues.compare(a, b, negate: sym == .ne) ?? .bool(sym == .ne) }
                r.binary(sym, A, .float, returns: A) { a, b in
                    if let v = ArrayScalars.floatBinary(op, a, b) { return v }
                    if let v = try StringArrayValues.compare(a, b, negate: sym == .ne) { return v }
                    return .array(try NDArray.binary(op, a.ndarray(), scalar: b.asDouble(), scalarIsInteger: isInt(b)))
                }
                r.binary(sym, .float, A, returns: A) { a, b in
                    if let v = ArrayScalars.floatBinary(op, a, b) { return v }
                    if let v = try StringArrayValues.compare(a, b, negate: sym == .ne) { return v }
                    return .array(try NDArray.binary(op, scalar: a.asDouble(), b.ndarray(), scalarIsInteger: isInt(a)))
                }
                continue
            }
            r.binary(sym, A, A, returns: A) { a, b in
                if let v = ArrayScalars.floatBinary(op, a, b) { return v }
                return .array(try NDArray.binary(op, a.ndarray(), b.ndarray()))
            }
            r.binary(sym, A, .float, returns: A) { a, b in
                if let v = ArrayScalars.floatBinary(op, a, b) { return v }
                return .array(try NDArray.binary(op, a.ndarray(), scalar: b.asDouble(), scalarIsInteger: isInt(b)))
            }
            r.binary(sym, .float, A, returns: A) { a, b in
                if let v = ArrayScalars.floatBinary(op, a, b) { return v }
                return .array(try NDArray.binary(op, scalar: a.asDouble(), b.ndarray(), scalarIsInteger: isInt(a)))
            }
        }
        r.binaryWithContext(.at, A, A, returns: A) { a, b, context in .array(try NDArray.matmul(a.ndarray(), b.ndarray(), backend: try currentBackend(context))) }
        r.unary(.minus, A, returns: A) { a in .array(try NDArray.binary(.subtract, scalar: 0, a.ndarray(), scalarIsInteger: true)) }
        r.unary(.bang, A, returns: A) { a in .array(try a.ndarray().logicalNot()) }
    }

    static func isInt(_ v: Value) -> Bool { if case .int = v { return true } else { return false } }
}
