/// A 1-D array of strings: numpy's `<U` arrays as they appear in analyses — a label column
/// of a table, a classifier's classes and its predictions. Printed as numpy prints them
/// (`['face' 'house']`); ordered as numpy orders strings (by Unicode code point, which is
/// also the order of `np.unique` and scikit-learn's `classes_`).
public struct StringArray: Equatable, Sendable {
    public let values: [String]
    public init(_ values: [String]) { self.values = values }

    public var count: Int { values.count }
    /// numpy's dtype: `<U` and the longest string's length in code points.
    public var dtypeName: String { "<U\(values.map { $0.unicodeScalars.count }.max() ?? 1)" }

    /// numpy's string order: lexicographic by Unicode code point (Swift's `<` would treat
    /// canonically equivalent strings as equal and order by normalized form).
    public static func precedes(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }

    /// Distinct values in numpy's order (`np.unique`).
    public static func sortedUnique(_ values: [String]) -> [String] {
        var seen = Set<[UInt32]>()
        var out: [String] = []
        for v in values where seen.insert(v.unicodeScalars.map(\.value)).inserted { out.append(v) }
        return out.sorted(by: precedes)
    }

    public var unique: StringArray { StringArray(Self.sortedUnique(values)) }

    /// Element-wise `==` (code-point equality, as numpy) as a bool array.
    public func equals(_ other: [String]) throws -> NDArray {
        let b = other.count == 1 ? Array(repeating: other[0], count: count) : other
        guard b.count == count else {
            throw ComputeError("operands could not be broadcast together with shapes (\(count),) (\(other.count),)")
        }
        return NDArray(shape: [count], storage: ContiguousArray(zip(values, b).map { Self.same($0, $1) ? 1 : 0 }), dtype: .bool)
    }

    static func same(_ a: String, _ b: String) -> Bool { a.unicodeScalars.elementsEqual(b.unicodeScalars) }

    /// numpy `str(a)`: `['face' 'house']`, wrapped at 75 columns, summarised above 1000.
    public var printString: String { layout(separator: " ", prefix: "", width: ArrayFormat.lineWidth) }
    /// numpy `repr(a)`: `array(['face', 'house'], dtype='<U5')`.
    public var reprString: String {
        let prefix = "array("
        let arr = prefix + layout(separator: ", ", prefix: prefix, width: ArrayFormat.lineWidth - 1) + ","
        let extra = "dtype='\(dtypeName)')"
        let last = arr.split(separator: "\n", omittingEmptySubsequences: false).last.map(\.count) ?? 0
        let spacer = last + 1 + extra.count > ArrayFormat.lineWidth ? "\n" + String(repeating: " ", count: prefix.count) : " "
        return arr + spacer + extra
    }

    /// numpy's `_formatArray` for one axis: words separated by `separator`, a line broken
    /// before a word that would pass `width` less the separator's mark.
    func layout(separator: String, prefix: String, width: Int) -> String {
        if values.isEmpty { return "[]" }
        let edge = ArrayFormat.edgeItems
        let summarize = count > ArrayFormat.threshold && 2 * edge < count
        var words = (summarize ? Array(values.prefix(edge)) : values).map(quoted)
        if summarize { words.append("..."); words += values.suffix(edge).map(quoted) }
        let hanging = String(repeating: " ", count: prefix.count + 1)
        let mark = separator.filter { $0 != " " }
        let elemWidth = width - Swift.max(mark.count, 1)
        var out = "", line = hanging
        for (i, w) in words.enumerated() {
            if line.count + w.count > elemWidth && line.count > hanging.count {
                while line.last == " " { line.removeLast() }
                out += line + "\n"
                line = hanging
            }
            line += w
            if i < words.count - 1 { line += separator }
        }
        out += line
        return "[" + String(out.dropFirst(hanging.count)) + "]"
    }

    /// Python's repr of a str: single quotes unless the text holds one and no double quote.
    func quoted(_ s: String) -> String {
        if s.contains("'") && !s.contains("\"") { return "\"" + s + "\"" }
        var out = "'"
        for c in s {
            switch c {
            case "'": out += "\\'"
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.append(c)
            }
        }
        return out + "'"
    }
}
