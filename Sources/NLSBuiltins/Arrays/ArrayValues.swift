import NLS
import NLSCompute

/// Static types of the data builtins.
enum DataTypes {
    static let array = NLSType.obj("Array")
    static let table = NLSType.obj("Table")
    static let image = NLSType.obj("Image")
    static let intOrList = NLSType.union([.int, .list(.int)])
    static let optionalInt = NLSType.optional(.int)
}

extension NDArray: PrintableValue {
    public var printDescription: String { printString }
}

extension Value {
    /// Boxes an array for the language. A 0-d result is a scalar (numpy's ufuncs and
    /// reductions return np.float64, not 0-d arrays): see `ArrayScalars`.
    static func array(_ a: NDArray) -> Value {
        if a.ndim == 0, let s = try? ArrayScalars.scalar(a) { return s }
        return .object(NativeObject(type: DataTypes.array, payload: a))
    }

    /// An Array argument; Int/Float scalars and numeric lists are accepted and converted.
    func ndarray() throws -> NDArray {
        switch self {
        case .object(let o):
            if let a = o.payload as? NDArray { return a }
            if let s = o.payload as? StringArray { throw StringArrayValues.notNumeric(s) }
            throw RuntimeError("expected an Array, got \(o.type)")
        case .int(let i): return NDArray(shape: [], storage: [Double(i)], dtype: .int64)
        case .float(let d): return NDArray(scalar: d)
        case .bool(let b): return NDArray(shape: [], storage: [b ? 1 : 0], dtype: .bool)
        case .list(let items): return try arrayFromList(items)
        default: throw RuntimeError("expected an Array, got \(repr)")
        }
    }

    /// Shape given as an Int or a List[Int].
    func shapeList() throws -> [Int] {
        switch self {
        case .int(let n): return [n]
        case .list(let xs): return try xs.map { try $0.asInt() }
        default: throw RuntimeError("expected a shape (Int or List[Int]), got \(repr)")
        }
    }

    var optionalInt: Int? { if case .int(let i) = self { return i } else { return nil } }
    var optionalDouble: Double? { (try? asDouble()).flatMap { isNone ? nil : $0 } }
}

/// Nested numeric lists → array (rectangular), as numpy.array.
func arrayFromList(_ items: [Value]) throws -> NDArray {
    var shape: [Int] = []
    var flat: [Double] = []
    var dtype: DType = .int64
    var allBool = true
    func walk(_ v: Value, depth: Int) throws {
        switch v {
        case .list(let xs):
            if depth == shape.count { shape.append(xs.count) }
            else if depth > shape.count || shape[depth] != xs.count { throw RuntimeError("array(): nested lists must be rectangular") }
            for x in xs { try walk(x, depth: depth + 1) }
        case .int(let i):
            if depth != shape.count { throw RuntimeError("array(): nested lists must be rectangular") }
            flat.append(Double(i)); allBool = false
        case .float(let d):
            if depth != shape.count { throw RuntimeError("array(): nested lists must be rectangular") }
            flat.append(d); dtype = .float64; allBool = false
        case .bool(let b):
            flat.append(b ? 1 : 0)
        case .object(let o):
            guard let a = o.payload as? NDArray else { throw RuntimeError("array(): cannot convert \(o.type)") }
            if depth == shape.count { shape.append(contentsOf: a.shape) }
            flat.append(contentsOf: a.storage)
            if a.dtype == .float64 || a.dtype == .float32 { dtype = .float64 }
            allBool = false
        default: throw RuntimeError("array(): elements must be numbers, not \(v.repr)")
        }
    }
    try walk(.list(items), depth: 0)
    if allBool && !flat.isEmpty { dtype = .bool }
    if flat.isEmpty { dtype = .float64 }
    return try NDArray(validating: shape, flat, dtype: dtype)
}
