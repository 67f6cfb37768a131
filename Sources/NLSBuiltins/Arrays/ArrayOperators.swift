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
            r.binary(sym, A, A, returns: A) { a, b in .array(try NDArray.binary(op, a.ndarray(), b.ndarray())) }
            r.binary(sym, A, .float, returns: A) { a, b in
                .array(try NDArray.binary(op, a.ndarray(), scalar: b.asDouble(), scalarIsInteger: isInt(b)))
            }
            r.binary(sym, .float, A, returns: A) { a, b in
                .array(try NDArray.binary(op, scalar: a.asDouble(), b.ndarray(), scalarIsInteger: isInt(a)))
            }
        }
        r.binaryWithContext(.at, A, A, returns: A) { a, b, context in .array(try NDArray.matmul(a.ndarray(), b.ndarray(), backend: try currentBackend(context))) }
        r.unary(.minus, A, returns: A) { a in .array(try NDArray.binary(.subtract, scalar: 0, a.ndarray(), scalarIsInteger: true)) }
        r.unary(.bang, A, returns: A) { a in .array(try a.ndarray().logicalNot()) }
    }

    static func isInt(_ v: Value) -> Bool { if case .int = v { return true } else { return false } }
}
