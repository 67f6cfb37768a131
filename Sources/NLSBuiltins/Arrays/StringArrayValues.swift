import NLS
import NLSCompute

/// Arrays of strings in the language: typed `Array` (as numpy's `<U` arrays are ndarrays),
/// made by a table's text column (`t["label"]`), `array(["a", "b"])`, a classifier's
/// `classes` and its predictions when it was fitted on string labels. What works on them:
/// printing, `shape ndim size dtype`, `len`, indexing (an element is a Str), iteration,
/// `==` / `!=` (with a Str or another Array), `unique`; anything numeric is an error that
/// says the Array holds strings.
extension StringArray: PrintableValue, CustomStringConvertible, WhosSummary {
    public var printDescription: String { printString }
    public var description: String { reprString }
    public var whosInfo: String { "\(count): \(dtypeName)" }
}

extension Value {
    /// Boxes a string array for the language (typed Array).
    static func strings(_ s: StringArray) -> Value { .object(NativeObject(type: DataTypes.array, payload: s)) }

    /// The strings of a string Array, a `List[Str]` or a Str element; nil for anything else.
    var stringValues: [String]? {
        switch self {
        case .object(let o): return (o.payload as? StringArray)?.values
        case .list(let xs):
            var out: [String] = []
            for x in xs { guard case .str(let s) = x else { return nil }; out.append(s) }
            return xs.isEmpty ? nil : out
        case .str(let s): return [s]
        default: return nil
        }
    }

    var isStringArray: Bool { if case .object(let o) = self { return o.payload is StringArray }; return false }
}

enum StringArrayValues {
    /// The error for numeric work on strings.
    static func notNumeric(_ s: StringArray) -> RuntimeError {
        RuntimeError("this Array holds strings (dtype \(s.dtypeName)), not numbers: only ==, !=, indexing, len, unique and printing work on it")
    }

    /// `s[i]` (a Str), `s[1:4]`, `s[[0, 2]]`, `s[mask]` (string Arrays): numpy's indexing of
    /// the positions, then the strings at them.
    static func get(_ s: StringArray, _ specs: [IndexSpec]) throws -> Value {
        let positions = try NDArray(Array(0..<s.count)).get(specs)
        if positions.ndim == 0 { return .str(s.values[positions.intValues[0]]) }
        return .strings(StringArray(positions.intValues.map { s.values[$0] }))
    }

    /// `a == b` / `a != b` where either side holds strings; nil when neither does. Numbers
    /// never equal strings (numpy 2: all False, in the shape of the other side).
    static func compare(_ a: Value, _ b: Value, negate: Bool) throws -> Value? {
        let xs = a.stringValues, ys = b.stringValues
        guard xs != nil || ys != nil else { return nil }
        let scalarA = !(a.isStringArray || isArrayObject(a)), scalarB = !(b.isStringArray || isArrayObject(b))
        var mask: NDArray
        if let xs = xs, let ys = ys {
            if scalarA && scalarB { return .bool(StringArray(xs).values[0].unicodeScalars.elementsEqual(ys[0].unicodeScalars) != negate) }
            mask = xs.count >= ys.count ? try StringArray(xs).equals(ys) : try StringArray(ys).equals(xs)
        } else {
            let numbers = xs == nil ? a : b
            let strings = xs ?? ys ?? []
            let stringsAreScalar = xs == nil ? scalarB : scalarA
            if scalarA && scalarB { return .bool(negate) }
            let shape = isArrayObject(numbers) ? try numbers.ndarray().shape : []
            mask = try NDArray.zeros(stringsAreScalar ? shape : (shape.isEmpty ? [strings.count] : shape), dtype: .bool)
        }
        if negate { mask = try mask.logicalNot() }
        return .array(mask)
    }

    static func isArrayObject(_ v: Value) -> Bool { if case .object(let o) = v { return o.payload is NDArray }; return false }
}
