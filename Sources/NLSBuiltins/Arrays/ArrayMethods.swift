import NLS
import NLSCompute

/// Attributes and methods of the Array type (numpy's ndarray surface).
enum ArrayMethods {
    static func scalar(_ v: Double, _ t: NLSType) -> Value {
        switch t {
        case .int: return .int(Int(v))
        case .bool: return .bool(v != 0)
        default: return .float(v)
        }
    }

    static func register(_ r: BuiltinRegistry) {
        let A = DataTypes.array
        r.objectType("Array", doc: "An n-d numeric array (row-major; float64 by default, float32/int64/bool on request).")
        // String Arrays (labels) have a shape and a dtype too: `<U5`, as numpy's.
        func strings(_ v: Value) -> StringArray? { if case .object(let o) = v { return o.payload as? StringArray }; return nil }
        func shape(_ v: Value) throws -> [Int] { if let s = strings(v) { return [s.count] }; return try v.ndarray().shape }
        r.attribute("Array", "shape", .list(.int), doc: "Length of each dimension.") { v in .list(try shape(v).map { .int($0) }) }
        r.attribute("Array", "ndim", .int, doc: "Number of dimensions.") { v in .int(try shape(v).count) }
        r.attribute("Array", "size", .int, doc: "Number of elements.") { v in .int(try shape(v).reduce(1, *)) }
        r.attribute("Array", "dtype", .str, doc: "Element type: float64, float32, int64, bool, or <Un for strings (labels).") { v in
            .str(try strings(v)?.dtypeName ?? v.ndarray().dtype.rawValue)
        }
        r.attribute("Array", "T", A, doc: "Transpose.") { v in .array(try v.ndarray().transpose()) }

        // Without `axis` a reduction is a scalar (as numpy returns np.float64); with it, an Array.
        let axis = ParamSpec("axis", .int)
        let reductions: [(String, (NDArray, Int?) throws -> NDArray, NLSType, String)] = [
            ("sum", { try $0.sum(axis: $1) }, .float, "Sum"), ("mean", { try $0.mean(axis: $1) }, .float, "Mean"),
            ("min", { try $0.min(axis: $1) }, .float, "Minimum"), ("max", { try $0.max(axis: $1) }, .float, "Maximum"),
            ("argmin", { try $0.argmin(axis: $1) }, .int, "Index of the first minimum"), ("argmax", { try $0.argmax(axis: $1) }, .int, "Index of the first maximum"),
            ("prod", { try $0.prod(axis: $1) }, .float, "Product"), ("any", { try $0.any(axis: $1) }, .bool, "Whether any element is true"),
            ("all", { try $0.all(axis: $1) }, .bool, "Whether all elements are true"),
        ]
        for (name, f, scalarType, doc) in reductions {
            r.method("Array", name, [], returns: scalarType, doc: "\(doc) over all elements (a scalar), or along `axis` (an Array).") { s, _ in
                scalar(try f(s.ndarray(), nil).item(), scalarType)
            }
            r.method("Array", name, [axis], returns: A, doc: "\(doc) along `axis`.") { s, a in
                .array(try f(s.ndarray(), a["axis"].asInt()))
            }
        }
        r.method("Array", "cumsum", [ParamSpec("axis", .optional(.int), default: .none)], returns: A, doc: "Cumulative sum.") { s, a in
            .array(try s.ndarray().cumsum(axis: a[0].optionalInt))
        }
        for name in ["std", "var"] {
            let doc = "\(name == "std" ? "Standard deviation" : "Variance") with `ddof` delta degrees of freedom (numpy default 0)."
            func compute(_ x: NDArray, _ ax: Int?, _ ddof: Int) throws -> NDArray {
                name == "std" ? try x.std(axis: ax, ddof: ddof) : try x.variance(axis: ax, ddof: ddof)
            }
            r.method("Array", name, [ParamSpec("ddof", .int, default: .int(0))], returns: .float, doc: doc) { s, a in
                .float(try compute(s.ndarray(), nil, a["ddof"].asInt()).item())
            }
            r.method("Array", name, [axis, ParamSpec("ddof", .int, default: .int(0))], returns: A, doc: doc) { s, a in
                .array(try compute(s.ndarray(), a["axis"].asInt(), a["ddof"].asInt()))
            }
        }
        r.method("Array", "reshape", [ParamSpec("shape", DataTypes.intOrList)], returns: A, doc: "Same data, new shape (-1 infers one length).") { s, a in
            .array(try s.ndarray().reshape(a[0].shapeList()))
        }
        r.method("Array", "transpose", [], returns: A, doc: "Reverses the axes.") { s, _ in .array(try s.ndarray().transpose()) }
        r.method("Array", "ravel", [], returns: A, doc: "Flattened 1-D view.") { s, _ in .array(try s.ndarray().ravel()) }
        r.method("Array", "astype", [ParamSpec("dtype", .str)], returns: A, doc: "Converted to another dtype.") { s, a in
            .array(try s.ndarray().astype(DType.parse(a[0].asString())))
        }
        r.method("Array", "item", [], returns: .float, doc: "The value of a one-element array.") { s, _ in .float(try s.ndarray().item()) }
        r.method("Array", "tolist", [], returns: .list(.float), doc: "Elements as a flat List[Float].") { s, _ in
            .list(try s.ndarray().values.map { .float($0) })
        }
        r.method("Array", "copy", [], returns: A, doc: "An independent copy.") { s, _ in
            let x = try s.ndarray()
            return .array(NDArray(shape: x.shape, storage: ContiguousArray(x.storage), dtype: x.dtype))
        }
        r.method("Array", "sort", [], returns: A, doc: "Sorted copy (flattened for n-d).") { s, _ in .array(try s.ndarray().sorted()) }
        r.method("Array", "argsort", [], returns: A, doc: "Indices that sort the array.") { s, _ in .array(try s.ndarray().argsort()) }
        r.method("Array", "unique", [], returns: A, doc: "Sorted unique values (strings by code point, as numpy).") { s, _ in
            if let st = strings(s) { return .strings(st.unique) }
            return .array(try s.ndarray().unique())
        }
        r.method("Array", "allclose", [ParamSpec("other", A), ParamSpec("rtol", .float, default: .float(1e-5)), ParamSpec("atol", .float, default: .float(1e-8))],
                 returns: .bool, doc: "Whether all elements agree within atol + rtol·|other|.") { s, a in
            .bool(try s.ndarray().allclose(a[0].ndarray(), rtol: a[1].asDouble(), atol: a[2].asDouble()))
        }
        r.method("Array", "zscore", [ParamSpec("axis", .optional(.int), default: .int(0)), ParamSpec("ddof", .int, default: .int(0))], returns: A,
                 doc: "(x - mean) / std along an axis.") { s, a in
            .array(try s.ndarray().zscore(axis: a[0].optionalInt, ddof: a[1].asInt()))
        }
    }
}
