import Foundation

/// numpy-style printing: `repr` (`array([1., 2.])`) and `str` (`[1. 2.]`), following
/// numpy 2's defaults: precision 8, `floatmode="maxprec"`, no small-number suppression,
/// line width 75, summarisation with `...` above 1000 elements (3 edge items per axis).
public enum ArrayFormat {
    public static var precision = 8
    public static var lineWidth = 75
    public static var threshold = 1000
    public static var edgeItems = 3

    /// numpy `repr(a)`.
    public static func repr(_ a: NDArray) -> String {
        let prefix = "array("
        let summarize = a.size > threshold
        var extras: [String] = []
        if (a.size == 0 && a.shape != [0]) || summarize { extras.append("shape=\(a.shapeDescription)") }
        if a.dtype == .float32 || a.size == 0 { extras.append("dtype=\(a.dtype.name)") }
        let body: String
        if a.size == 0 { body = prefix + "[]" } else {
            body = prefix + format(a, separator: ", ", prefixLength: prefix.count, lineWidth: lineWidth - 1, summarize: summarize)
        }
        if extras.isEmpty { return body + ")" }
        let arrStr = body + ","
        let extraStr = extras.joined(separator: ", ") + ")"
        let lastLine = arrStr.split(separator: "\n", omittingEmptySubsequences: false).last.map(\.count) ?? 0
        let spacer = lastLine + 1 + extraStr.count > lineWidth ? "\n" + String(repeating: " ", count: prefix.count) : " "
        return arrStr + spacer + extraStr
    }

    /// numpy `str(a)` (what `print(a)` shows).
    public static func str(_ a: NDArray) -> String {
        if a.size == 0 { return "[]" }
        if a.ndim == 0 {
            let v = a.storage[0]
            switch a.dtype {
            case .bool: return v != 0 ? "True" : "False"
            case .int64: return String(NDArray.safeInt(v))
            case .float64, .float32: return scalarString(v, float32: a.dtype == .float32)
            }
        }
        return format(a, separator: " ", prefixLength: 0, lineWidth: lineWidth, summarize: a.size > threshold)
    }

    /// Python-like repr of one float (`1.0`, `0.1`, `1e-05`, `nan`).
    public static func scalarString(_ v: Double, float32: Bool = false) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v < 0 ? "-inf" : "inf" }
        let (neg, digits, e) = shortestDigits(v, float32: float32)
        let sign = neg ? "-" : ""
        if e < -4 || e >= 16 {
            var m = String(digits.first!)
            if digits.count > 1 { m += "." + digits.dropFirst() }
            return sign + m + "e" + (e < 0 ? "-" : "+") + (abs(e) < 10 ? "0" : "") + String(abs(e))
        }
        let (i, f) = positionalParts(digits, e)
        return sign + i + "." + (f.isEmpty ? "0" : f)
    }

    // MARK: - digits

    /// Shortest round-trip decimal digits of |v| (no leading/trailing zeros) and the
    /// scientific exponent: |v| = d₀.d₁d₂… × 10^e.
    static func shortestDigits(_ v: Double, float32: Bool) -> (negative: Bool, digits: [Character], exp: Int) {
        let neg = v.sign == .minus
        let s = float32 ? Float(Swift.abs(v)).description : Swift.abs(v).description
        var mant = Substring(s), exp10 = 0
        if let eIdx = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mant = s[..<eIdx]
            exp10 = Int(s[s.index(after: eIdx)...]) ?? 0
        }
        let parts = mant.split(separator: ".", omittingEmptySubsequences: false)
        let ip = String(parts[0]), fp = parts.count > 1 ? String(parts[1]) : ""
        var all = Array(ip + fp)
        var e = ip.count - 1 + exp10
        while all.first == "0" && all.count > 1 { all.removeFirst(); e -= 1 }
        while all.last == "0" && all.count > 1 { all.removeLast() }
        if all == ["0"] { e = 0 }
        return (neg, all, e)
    }

    /// Integer and fraction digit strings of d₀.d₁… × 10^e.
    static func positionalParts(_ d: [Character], _ e: Int) -> (String, String) {
        if d == ["0"] { return ("0", "") }
        if e >= 0 {
            if d.count <= e + 1 { return (String(d) + String(repeating: "0", count: e + 1 - d.count), "") }
            return (String(d[0...e]), String(d[(e + 1)...]))
        }
        return ("0", String(repeating: "0", count: -e - 1) + String(d))
    }

    /// dragon4_positional(unique, precision, trim='.'): returns (sign+int part, frac part).
    static func positional(_ v: Double, _ precision: Int, float32: Bool) -> (String, String) {
        let (neg, d, e) = shortestDigits(v, float32: float32)
        let sign = neg ? "-" : ""
        let nfrac = Swift.max(0, d.count - 1 - e)
        if d == ["0"] || nfrac <= precision {
            let (i, f) = positionalParts(d, e)
            return (sign + i, f)
        }
        let s = String(format: "%.\(precision)f", Swift.abs(v))
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        var f = parts.count > 1 ? String(parts[1]) : ""
        while f.last == "0" { f.removeLast() }
        return (sign + String(parts[0]), f)
    }

    /// dragon4_scientific(unique, precision, trim='.'): (sign+int digit, frac digits, exponent).
    static func scientific(_ v: Double, _ precision: Int, float32: Bool) -> (String, String, Int) {
        let (neg, d, e) = shortestDigits(v, float32: float32)
        let sign = neg ? "-" : ""
        if d.count - 1 <= precision {
            return (sign + String(d[0]), String(d.dropFirst()), e)
        }
        let s = String(format: "%.\(precision)e", Swift.abs(v))
        guard let ei = s.firstIndex(of: "e") else { return (sign + s, "", 0) }
        let m = s[..<ei]
        let ex = Int(s[s.index(after: ei)...]) ?? 0
        let parts = m.split(separator: ".", omittingEmptySubsequences: false)
        var f = parts.count > 1 ? String(parts[1]) : ""
        while f.last == "0" { f.removeLast() }
        return (sign + String(parts[0]), f, ex)
    }

    /// The exact value rounded to `digits` fractional digits in scientific notation.
    static func scientificExact(_ v: Double, _ digits: Int) -> (String, String, Int) {
        let s = String(format: "%.\(digits)e", Swift.abs(v))
        let sign = v.sign == .minus ? "-" : ""
        guard let ei = s.firstIndex(of: "e") else { return (sign + s, "", 0) }
        let parts = s[..<ei].split(separator: ".", omittingEmptySubsequences: false)
        return (sign + String(parts[0]), parts.count > 1 ? String(parts[1]) : "", Int(s[s.index(after: ei)...]) ?? 0)
    }

    // MARK: - element formatter (numpy FloatingFormat / IntegerFormat / BoolFormat)

    static func makeFormatter(_ data: [Double], dtype: DType, isScalar: Bool) -> (Double) -> String {
        switch dtype {
        case .bool:
            return { $0 != 0 ? (isScalar ? "True" : " True") : "False" }
        case .int64:
            let w = data.map { String(NDArray.safeInt($0)).count }.max() ?? 1
            return { v in let s = String(NDArray.safeInt(v)); return String(repeating: " ", count: Swift.max(0, w - s.count)) + s }
        case .float64, .float32:
            return floatFormatter(data, float32: dtype == .float32)
        }
    }

    static func floatFormatter(_ data: [Double], float32: Bool) -> (Double) -> String {
        let finite = data.filter { $0.isFinite }
        let absNZ = finite.filter { $0 != 0 }.map { Swift.abs($0) }
        var expFormat = false
        if let mx = absNZ.max(), let mn = absNZ.min() {
            // numpy ≥ 2.3: the cutoff follows the dtype's precision (float32: 1e6, float64: 1e8)
            let cutoff = float32 ? 1e6 : 1e8
            if mx >= cutoff || mn < 0.0001 || mx / mn > 1000 { expFormat = true }
        }
        let p = precision
        var padLeft = 0, padRight = 0, expSize = -1, prec = p
        if finite.isEmpty {
        } else if expFormat {
            let parts = finite.map { scientific($0, p, float32: float32) }
            expSize = parts.map { String(Swift.abs($0.2)).count }.max().map { Swift.max($0, 2) } ?? 2
            prec = parts.map { $0.1.count }.max() ?? 0
            padLeft = parts.map { $0.0.count }.max() ?? 1
            padRight = expSize + 2 + prec
        } else {
            let parts = finite.map { positional($0, p, float32: float32) }
            padLeft = parts.map { $0.0.count }.max() ?? 1
            padRight = parts.map { $0.1.count }.max() ?? 0
        }
        if finite.count != data.count {
            let neginf = data.contains { $0.isInfinite && $0 < 0 } ? 1 : 0
            let offset = padRight + 1
            padLeft = Swift.max(padLeft, 3 - offset, 3 + neginf - offset)
        }
        let (pl, pr, es, pc) = (padLeft, padRight, expSize, prec)
        return { v in
            if !v.isFinite {
                let r = v.isNaN ? "nan" : (v < 0 ? "-inf" : "inf")
                return String(repeating: " ", count: Swift.max(0, pl + pr + 1 - r.count)) + r
            }
            if expFormat {
                var (i, f, e) = scientific(v, pc, float32: float32)
                if f.count < pc {
                    // dragon4 with min_digits continues with the value's true digits
                    (i, f, e) = scientificExact(v, pc)
                }
                let fr = f + String(repeating: "0", count: Swift.max(0, pc - f.count))
                let ed = String(Swift.abs(e))
                let exp = "e" + (e < 0 ? "-" : "+") + String(repeating: "0", count: Swift.max(0, es - ed.count)) + ed
                return String(repeating: " ", count: Swift.max(0, pl - i.count)) + i + "." + fr + exp
            }
            let (i, f) = positional(v, p, float32: float32)
            return String(repeating: " ", count: Swift.max(0, pl - i.count)) + i + "." + f
                + String(repeating: " ", count: Swift.max(0, pr - f.count))
        }
    }

    // MARK: - layout (numpy _formatArray)

    static func format(_ a: NDArray, separator: String, prefixLength: Int, lineWidth: Int, summarize: Bool) -> String {
        let shape = a.shape, strides = a.strides, nd = a.ndim
        let edge = edgeItems
        // values that decide the element format: the edges when summarising
        var data: [Double] = []
        func collect(_ axis: Int, _ off: Int) {
            if axis == nd { data.append(a.storage[off]); return }
            let n = shape[axis]
            if summarize && 2 * edge < n {
                for i in 0..<edge { collect(axis + 1, off + i * strides[axis]) }
                for i in (n - edge)..<n { collect(axis + 1, off + i * strides[axis]) }
            } else {
                for i in 0..<n { collect(axis + 1, off + i * strides[axis]) }
            }
        }
        collect(0, 0)
        let fmt = makeFormatter(data, dtype: a.dtype, isScalar: nd == 0)
        if nd == 0 { return fmt(a.storage[0]) }

        func extendLine(_ s: inout String, _ line: inout String, _ word: String, _ width: Int, _ nextPrefix: String) {
            var needsWrap = line.count + word.count > width
            if line.count <= nextPrefix.count { needsWrap = false }
            if needsWrap {
                while line.last == " " { line.removeLast() }
                s += line + "\n"
                line = nextPrefix
            }
            line += word
        }
        let sepStripped = String(separator.reversed().drop(while: { $0 == " " }).reversed())

        func recurse(_ axis: Int, _ off: Int, _ hanging: String, _ width: Int) -> String {
            if axis == nd { return fmt(a.storage[off]) }
            let nextHanging = hanging + " "
            let nextWidth = width - 1
            let n = shape[axis]
            let showSummary = summarize && 2 * edge < n
            let leading = showSummary ? edge : 0
            let trailing = showSummary ? edge : n
            var s = ""
            let axesLeft = nd - axis
            if axesLeft == 1 {
                let elemWidth = width - Swift.max(sepStripped.count, 1)
                var line = hanging
                for i in 0..<leading {
                    extendLine(&s, &line, recurse(axis + 1, off + i * strides[axis], nextHanging, nextWidth), elemWidth, hanging)
                    line += separator
                }
                if showSummary {
                    extendLine(&s, &line, "...", elemWidth, hanging)
                    line += separator
                }
                var i = trailing
                while i > 1 {
                    extendLine(&s, &line, recurse(axis + 1, off + (n - i) * strides[axis], nextHanging, nextWidth), elemWidth, hanging)
                    line += separator
                    i -= 1
                }
                extendLine(&s, &line, recurse(axis + 1, off + (n - 1) * strides[axis], nextHanging, nextWidth), elemWidth, hanging)
                s += line
            } else {
                let lineSep = sepStripped + String(repeating: "\n", count: axesLeft - 1)
                for i in 0..<leading {
                    s += hanging + recurse(axis + 1, off + i * strides[axis], nextHanging, nextWidth) + lineSep
                }
                if showSummary { s += hanging + "..." + lineSep }
                var i = trailing
                while i > 1 {
                    s += hanging + recurse(axis + 1, off + (n - i) * strides[axis], nextHanging, nextWidth) + lineSep
                    i -= 1
                }
                s += hanging + recurse(axis + 1, off + (n - 1) * strides[axis], nextHanging, nextWidth)
            }
            return "[" + String(s.dropFirst(hanging.count)) + "]"
        }
        return recurse(0, 0, String(repeating: " ", count: prefixLength + 1), lineWidth)
    }
}

extension NDArray: CustomStringConvertible, CustomDebugStringConvertible {
    /// numpy's `repr`: `array([1., 2., 3.])`.
    public var description: String { ArrayFormat.repr(self) }
    public var debugDescription: String { ArrayFormat.repr(self) }
    /// numpy's `str` (what `print` shows): `[1. 2. 3.]`.
    public var printString: String { ArrayFormat.str(self) }
}
