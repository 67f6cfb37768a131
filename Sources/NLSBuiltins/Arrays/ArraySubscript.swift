import NLS
import NLSCompute

/// numpy indexing: `X[0]` is the first row of a 2-D Array (the first element of a 1-D one),
/// `X[i, j]` one element, `X[0:10, :]`, `X[:, j]`, `X[mask]`, `X[[0, 2, 5]]`, negative
/// positions from the end, and assignment through all of them. The result is typed Array:
/// whether `X[i]` is an element or a row depends on the rank, known only at run time. An
/// element is a plain Int, Float or Bool value (numpy's scalars) and stands for a number
/// where one is expected.
enum ArraySubscript {
    static func register(_ r: BuiltinRegistry) {
        let info = r.objectType("Array", doc: "")
        info.subscriptSpec = SubscriptSpec(
            resultType: { kinds in
                for k in kinds {
                    if case .other(let t) = k, t != DataTypes.array && t != .list(.int) && t != .list(.bool) && t != .any {
                        return .failure(RuntimeError("an Array index must be an Int, a slice, a List[Int] or an Array (integer or boolean), not \(t)"))
                    }
                }
                return .success(DataTypes.array)
            },
            get: { container, idx in
                if ArrayScalars.isScalar(container) || container.stringValues?.count == 1 && !container.isStringArray {
                    throw RuntimeError("invalid index to a scalar: \(container.repr) is one element, not an Array")
                }
                if case .object(let o) = container, let a = o.payload as? NDArray, idx.count == a.ndim {
                    // One element (the hot path of element loops): no indexing plan.
                    var at: [Int] = []
                    at.reserveCapacity(idx.count)
                    for i in idx { guard case .int(let n) = i else { break }; at.append(n) }
                    if at.count == a.ndim { return ArrayScalars.scalar(try a.value(at: at), a.dtype) }
                }
                let specs = try idx.map(spec)
                if case .object(let o) = container, let s = o.payload as? StringArray { return try StringArrayValues.get(s, specs) }
                return .array(try container.ndarray().get(specs))
            },
            set: { container, idx, value in
                var a = try container.ndarray()
                let specs = try idx.map(spec)
                try a.set(specs, value.ndarray())
                return .array(a)
            },
            valueType: .union([.float, DataTypes.array]))
    }

    static func spec(_ i: IndexValue) throws -> IndexSpec {
        switch i {
        case .int(let n): return .at(n)
        case .slice(let a, let b, let c): return .range(start: a, stop: b, step: c)
        case .value(let v):
            switch v {
            case .list(let xs):
                if xs.allSatisfy({ if case .bool = $0 { return true } else { return false } }) {
                    return .mask(NDArray(xs.map { (try? $0.asBool()) ?? false }))
                }
                return .list(try xs.map { try $0.asInt() })
            case .object:
                let a = try v.ndarray()
                if a.dtype == .bool { return .mask(a) }
                guard a.dtype == .int64 else { throw RuntimeError("array indices must be integers or booleans, not \(a.dtype.rawValue)") }
                return .list(a.intValues)
            default: throw RuntimeError("invalid index \(v.repr)")
            }
        }
    }
}
