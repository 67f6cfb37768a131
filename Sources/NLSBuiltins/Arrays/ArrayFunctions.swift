import NLS
import NLSCompute

/// Array constructors, element-wise math, statistics and linear algebra.
enum ArrayFunctions {
    // Long by design: a flat list of registrations, one or two lines per builtin.
    static func register(_ r: BuiltinRegistry) {
        let A = DataTypes.array
        let dtypeParam = ParamSpec("dtype", .str, default: .str("float64"))
        func dtype(_ a: Args) throws -> DType { try DType.parse(a["dtype"].asString()) }

        r.function("array", [ParamSpec("values", .any), ParamSpec("dtype", .optional(.str), default: .none)], returns: A,
                   doc: "An Array from a (nested) list of numbers, or of strings (labels), as numpy.array.") { a in
            if case .list(let xs) = a[0], !xs.isEmpty, let strings = a[0].stringValues {
                guard a["dtype"].isNone else { throw RuntimeError("array(): a list of strings has no numeric dtype") }
                _ = xs
                return .strings(StringArray(strings))
            }
            var x = try a[0].ndarray()
            if case .str(let d) = a["dtype"] { x = x.astype(try DType.parse(d)) }
            return .array(x)
        }
        r.function("zeros", [ParamSpec("shape", DataTypes.intOrList), dtypeParam], returns: A, doc: "Array of zeros.") { a in
            .array(try NDArray.zeros(a[0].shapeList(), dtype: dtype(a)))
        }
        r.function("ones", [ParamSpec("shape", DataTypes.intOrList), dtypeParam], returns: A, doc: "Array of ones.") { a in
            .array(try NDArray.ones(a[0].shapeList(), dtype: dtype(a)))
        }
        r.function("full", [ParamSpec("shape", DataTypes.intOrList), ParamSpec("value", .float), dtypeParam], returns: A, doc: "Array filled with a value.") { a in
            .array(try NDArray.full(a[0].shapeList(), a[1].asDouble(), dtype: dtype(a)))
        }
        r.function("eye", [ParamSpec("n", .int), ParamSpec("m", .optional(.int), default: .none), ParamSpec("k", .int, default: .int(0)), dtypeParam],
                   returns: A, doc: "Identity-like matrix with ones on diagonal k.") { a in
            .array(try NDArray.eye(a[0].asInt(), a[1].optionalInt, k: a[2].asInt(), dtype: dtype(a)))
        }
        r.function("arange", [ParamSpec("stop", .int)], returns: A, doc: "0, 1, …, stop-1 (Int array).") { a in
            .array(try NDArray.arange(a[0].asInt()))
        }
        r.function("arange", [ParamSpec("start", .int), ParamSpec("stop", .int), ParamSpec("step", .int, default: .int(1))], returns: A,
                   doc: "start, start+step, … < stop (Int array).") { a in
            .array(try NDArray.arange(a[0].asInt(), a[1].asInt(), a[2].asInt()))
        }
        r.function("arange", [ParamSpec("start", .float), ParamSpec("stop", .float), ParamSpec("step", .float, default: .float(1))], returns: A,
                   doc: "start, start+step, … < stop (Float array).") { a in
            .array(try NDArray.arange(a[0].asDouble(), a[1].asDouble(), a[2].asDouble()))
        }
        r.function("linspace", [ParamSpec("start", .float), ParamSpec("stop", .float), ParamSpec("num", .int, default: .int(50)), ParamSpec("endpoint", .bool, default: .bool(true))],
                   returns: A, doc: "num evenly spaced values (numpy.linspace).") { a in
            .array(try NDArray.linspace(a[0].asDouble(), a[1].asDouble(), num: a[2].asInt(), endpoint: a[3].asBool()))
        }
        r.function("logspace", [ParamSpec("start", .float), ParamSpec("stop", .float), ParamSpec("num", .int, default: .int(50)), ParamSpec("base", .float, default: .float(10))],
                   returns: A, doc: "base ** linspace(start, stop, num) (numpy.logspace).") { a in
            .array(try NDArray.logspace(a[0].asDouble(), a[1].asDouble(), num: a[2].asInt(), base: a[3].asDouble()))
        }
        r.function("rand", [ParamSpec("shape", DataTypes.intOrList)], returns: A, doc: "Uniform [0, 1) samples (seeded by `set seed`).") { a in
            .array(try Random.rand(a[0].shapeList()))
        }
        r.function("randn", [ParamSpec("shape", DataTypes.intOrList)], returns: A, doc: "Standard normal samples (seeded by `set seed`).") { a in
            .array(try Random.randn(a[0].shapeList()))
        }
        r.function("permutation", [ParamSpec("n", .int)], returns: A, doc: "A random permutation of 0..<n (seeded by `set seed`).") { a in
            .array(try Random.permutation(a[0].asInt()))
        }
        r.function("concatenate", [ParamSpec("arrays", .list(A)), ParamSpec("axis", .int, default: .int(0))], returns: A, doc: "Joins arrays along an existing axis.") { a in
            .array(try NDArray.concatenate(a[0].asList().map { try $0.ndarray() }, axis: a[1].asInt()))
        }
        r.function("stack", [ParamSpec("arrays", .list(A)), ParamSpec("axis", .int, default: .int(0))], returns: A, doc: "Joins arrays along a new axis.") { a in
            .array(try NDArray.stack(a[0].asList().map { try $0.ndarray() }, axis: a[1].asInt()))
        }
        r.function("vstack", [ParamSpec("arrays", .list(A))], returns: A, doc: "Stacks arrays vertically (rows).") { a in
            .array(try NDArray.vstack(a[0].asList().map { try $0.ndarray() }))
        }
        r.function("hstack", [ParamSpec("arrays", .list(A))], returns: A, doc: "Stacks arrays horizontally (columns).") { a in
            .array(try NDArray.hstack(a[0].asList().map { try $0.ndarray() }))
        }
        let elementwise: [(String, (NDArray) -> NDArray)] = [
            ("abs", { $0.abs() }), ("sqrt", { $0.sqrt() }), ("exp", { $0.exp() }), ("log", { $0.log() }),
            ("log10", { $0.log10() }), ("floor", { $0.floor() }), ("ceil", { $0.ceil() }), ("sin", { $0.sin() }),
            ("cos", { $0.cos() }), ("tanh", { $0.tanh() }), ("isnan", { $0.isnan() }),
        ]
        for (name, f) in elementwise {
            r.function(name, [ParamSpec("x", A)], returns: A, doc: "Element-wise \(name).") { a in .array(f(try a[0].ndarray())) }
        }
        r.function("where", [ParamSpec("condition", A), ParamSpec("x", .union([A, .float])), ParamSpec("y", .union([A, .float]))], returns: A,
                   doc: "Elements of x where condition is true, else of y.") { a in
            .array(try NDArray.where(a[0].ndarray(), a[1].ndarray(), a[2].ndarray()))
        }
        r.function("clip", [ParamSpec("x", A), ParamSpec("lo", .optional(.float)), ParamSpec("hi", .optional(.float))], returns: A, doc: "Limits values to [lo, hi].") { a in
            .array(try a[0].ndarray().clip(a[1].optionalDouble, a[2].optionalDouble))
        }
        r.function("corrcoef", [ParamSpec("x", A)], returns: A, doc: "Pearson correlation matrix of the rows (numpy.corrcoef).") { a in
            .array(try NDArray.corrcoef(a[0].ndarray()))
        }
        r.function("zscore", [ParamSpec("x", A), ParamSpec("axis", .optional(.int), default: .int(0)), ParamSpec("ddof", .int, default: .int(0))], returns: A,
                   doc: "(x - mean) / std along an axis (scipy.stats.zscore).") { a in
            .array(try a[0].ndarray().zscore(axis: a[1].optionalInt, ddof: a[2].asInt()))
        }
        registerLinalg(r)
    }

    static func registerLinalg(_ r: BuiltinRegistry) {
        let A = DataTypes.array
        r.function("matmul", [ParamSpec("a", A), ParamSpec("b", A),
                              ParamSpec("device", .optional(.str), default: .none), ParamSpec("dtype", .optional(.str), default: .none)],
                   returns: A, doc: "Matrix product (the @ operator); device and dtype (float32 | float64 on OpenCL) as for estimators.") { a in
            let backend = a["device"].isNone && a["dtype"].isNone ? try currentBackend(a.context)
                : try estimatorBackend(device: a["device"], dtype: a["dtype"], context: a.context)
            return .array(try NDArray.matmul(a[0].ndarray(), a[1].ndarray(), backend: backend))
        }
        r.function("svd", [ParamSpec("a", A)], returns: .record([RecordField(name: "U", type: A), RecordField(name: "S", type: A), RecordField(name: "Vt", type: A)]),
                   doc: "Thin SVD: {U, S, Vt} with a = U · diag(S) · Vt (LAPACK gesdd).") { a in
            let (u, s, vt) = try Linalg.svd(a[0].ndarray(), backend: try currentBackend(a.context))
            return .record(RecordValue(names: ["U", "S", "Vt"], values: [.array(u), .array(s), .array(vt)]))
        }
        r.function("eigh", [ParamSpec("a", A)], returns: .record([RecordField(name: "values", type: A), RecordField(name: "vectors", type: A)]),
                   doc: "Eigenvalues (ascending) and eigenvectors (columns) of a symmetric matrix.") { a in
            let (w, v) = try Linalg.eigh(a[0].ndarray(), backend: try currentBackend(a.context))
            return .record(RecordValue(names: ["values", "vectors"], values: [.array(w), .array(v)]))
        }
        r.function("solve", [ParamSpec("a", A), ParamSpec("b", A)], returns: A, doc: "Solves a · x = b.") { a in
            .array(try Linalg.solve(a[0].ndarray(), a[1].ndarray(), backend: try currentBackend(a.context)))
        }
        r.function("lstsq", [ParamSpec("a", A), ParamSpec("b", A)], returns: A, doc: "Least-squares solution of a · x = b (LAPACK gelsd).") { a in
            .array(try Linalg.lstsq(a[0].ndarray(), a[1].ndarray(), backend: try currentBackend(a.context)).x)
        }
        r.function("pinv", [ParamSpec("a", A)], returns: A, doc: "Moore–Penrose pseudo-inverse.") { a in
            .array(try Linalg.pinv(a[0].ndarray(), backend: try currentBackend(a.context)))
        }
        r.function("inv", [ParamSpec("a", A)], returns: A, doc: "Matrix inverse.") { a in
            .array(try Linalg.inv(a[0].ndarray(), backend: try currentBackend(a.context)))
        }
        r.function("norm", [ParamSpec("x", A), ParamSpec("axis", .optional(.int), default: .none)], returns: A,
                   doc: "Frobenius / 2-norm (numpy.linalg.norm), optionally along an axis.") { a in
            .array(try Linalg.norm(a[0].ndarray(), axis: a[1].optionalInt, backend: try currentBackend(a.context)))
        }
    }
}
