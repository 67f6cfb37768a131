import Foundation
import NLS

/// Language-level builtins: printing, conversions, lists and scalar math.
enum CoreBuiltins {
    static func register(_ r: BuiltinRegistry) {
        r.function("print", [ParamSpec("sep", .str, default: .str(" "))], returns: .void, variadic: .any,
                   doc: "Prints values separated by `sep` (strings without quotes), then a newline.") { a in
            a.context.output.line(try a.rest.map(\.display).joined(separator: a["sep"].asString()))
            return .none
        }
        r.function("len", [ParamSpec("x", .union([.list(.any), .str, DataTypes.array]))], returns: .int,
                   doc: "Number of items of a List, characters of a Str, or rows (first axis) of an Array, as numpy's len(X).") { a in
            switch a[0] {
            case .list(let xs): return .int(xs.count)
            case .str(let s): return .int(s.count)
            case .object where a[0].isStringArray:
                return .int(a[0].stringValues?.count ?? 0)
            case .object, .int, .float, .bool:
                guard let n = try a[0].ndarray().shape.first else { throw RuntimeError("len() of a 0-d Array (one element): it has no first axis") }
                return .int(n)
            default: throw RuntimeError("len() takes a List or a Str")
            }
        }
        r.function("str", [ParamSpec("x", .any)], returns: .str, doc: "Text of a value, as print shows it.") { a in .str(a[0].display) }
        r.function("repr", [ParamSpec("x", .any)], returns: .str, doc: "Text of a value, as the REPL shows it.") { a in .str(a[0].repr) }
        r.function("int", [ParamSpec("x", .union([.int, .float, .str, .bool]))], returns: .int, doc: "Converts to Int (Floats truncate toward zero).") { a in
            switch a[0] {
            case .int(let i): return .int(i)
            case .bool(let b): return .int(b ? 1 : 0)
            case .float(let d):
                guard d.isFinite, d >= -9.223372036854775808e18, d < 9.223372036854775808e18 else { throw RuntimeError("cannot convert \(formatFloat(d)) to Int") }
                return .int(Int(d))
            case .str(let s):
                guard let i = Int(s.trimmingCharacters(in: .whitespaces)) else { throw RuntimeError("cannot convert \"\(s)\" to Int") }
                return .int(i)
            default: throw RuntimeError("cannot convert to Int")
            }
        }
        r.function("float", [ParamSpec("x", .union([.int, .float, .str, .bool]))], returns: .float, doc: "Converts to Float.") { a in
            switch a[0] {
            case .str(let s):
                guard let d = Double(s.trimmingCharacters(in: .whitespaces)) else { throw RuntimeError("cannot convert \"\(s)\" to Float") }
                return .float(d)
            default: return .float(try a[0].asDouble())
            }
        }
        r.function("range", [ParamSpec("start", .int), ParamSpec("stop", .int)], returns: .range, doc: "Integers start..<stop.") { a in
            .range(try a[0].asInt(), try a[1].asInt())
        }
        r.function("range", [ParamSpec("stop", .int)], returns: .range, doc: "Integers 0..<stop.") { a in .range(0, try a[0].asInt()) }
        r.function("append", [ParamSpec("list", .list(.typeVar("T"))), ParamSpec("item", .typeVar("T"))], returns: .list(.typeVar("T")),
                   typeParams: [("T", nil)], doc: "A new list with `item` added at the end.") { a in
            .list(try a[0].asList() + [a[1]])
        }
        r.function("assert", [ParamSpec("condition", .bool), ParamSpec("message", .str, default: .str("assertion failed"))], returns: .void,
                   doc: "Stops with an error when the condition is false.") { a in
            if !(try a[0].asBool()) { throw RuntimeError(try a[1].asString()) }
            return .none
        }
        r.function("clock", [], returns: .float, doc: "Monotonic wall-clock time in seconds.") { _ in .float(wallClock()) }
        r.function("peak_memory_mb", [], returns: .float, doc: "Peak resident memory of this process so far, in MB (getrusage).") { _ in
            var usage = rusage()
            getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
            return .float(Double(usage.ru_maxrss) / 1024)
        }
        r.function("join", [ParamSpec("items", .list(.str)), ParamSpec("sep", .str, default: .str(""))], returns: .str,
                   doc: "Concatenates strings with a separator.") { a in
            .str(try a[0].asList().map { try $0.asString() }.joined(separator: try a[1].asString()))
        }
        registerScalarMath(r)
        registerListMath(r)
    }

    static func registerScalarMath(_ r: BuiltinRegistry) {
        let unary: [(String, (Double) -> Double, String)] = [
            ("sqrt", { $0.squareRoot() }, "Square root."), ("exp", Foundation.exp, "e to the power x."),
            ("log", Foundation.log, "Natural logarithm."), ("log10", Foundation.log10, "Base-10 logarithm."),
            ("floor", Foundation.floor, "Largest integer value ≤ x."), ("ceil", Foundation.ceil, "Smallest integer value ≥ x."),
            ("sin", Foundation.sin, "Sine."), ("cos", Foundation.cos, "Cosine."), ("tanh", Foundation.tanh, "Hyperbolic tangent."),
        ]
        for (name, f, doc) in unary {
            r.function(name, [ParamSpec("x", .float)], returns: .float, doc: doc) { a in
                let x = try a[0].asDouble()
                if (name == "sqrt" && x < 0) || ((name == "log" || name == "log10") && x <= 0) {
                    throw RuntimeError("\(name)(\(formatFloat(x))): math domain error")
                }
                return .float(f(x))
            }
        }
        r.function("abs", [ParamSpec("x", .int)], returns: .int, doc: "Absolute value.") { a in
            let i = try a[0].asInt()
            if i == Int.min { throw RuntimeError("integer overflow in abs(\(i))") }
            return .int(Swift.abs(i))
        }
        r.function("abs", [ParamSpec("x", .float)], returns: .float, doc: "Absolute value.") { a in .float(Swift.abs(try a[0].asDouble())) }
        r.function("round", [ParamSpec("x", .float), ParamSpec("digits", .int, default: .int(0))], returns: .float,
                   doc: "Rounds half to even, as Python.") { a in
            return .float(pythonRound(try a[0].asDouble(), try a[1].asInt()))
        }
        r.function("isnan", [ParamSpec("x", .float)], returns: .bool, doc: "Whether x is NaN.") { a in .bool(try a[0].asDouble().isNaN) }
    }

    /// Python's `round(x, ndigits)`: half to even; digits beyond what a double can hold
    /// leave x unchanged, and rounding to a power of ten beyond its range gives ±0.0.
    static func pythonRound(_ x: Double, _ digits: Int) -> Double {
        guard x.isFinite, x != 0 else { return x }
        if digits > 323 { return x }
        if digits < -308 { return 0.0 * x }
        if digits >= 0 {
            let p = Foundation.pow(10.0, Double(digits))
            let y = x * p
            guard y.isFinite else { return x }
            let z = y.rounded(.toNearestOrEven) / p
            return z.isFinite ? z : x
        }
        let p = Foundation.pow(10.0, Double(-digits))
        return (x / p).rounded(.toNearestOrEven) * p
    }

    static func registerListMath(_ r: BuiltinRegistry) {
        r.function("sum", [ParamSpec("xs", .list(.int))], returns: .int, doc: "Sum of a list.") { a in
            var s = 0
            for v in try a[0].asList() {
                let (r, o) = s.addingReportingOverflow(try v.asInt())
                if o { throw RuntimeError("integer overflow in sum") }
                s = r
            }
            return .int(s)
        }
        r.function("sum", [ParamSpec("xs", .list(.float))], returns: .float, doc: "Sum of a list.") { a in
            .float(try a[0].asList().reduce(0) { $0 + (try $1.asDouble()) })
        }
        for (name, pick) in [("min", { (x: Double, y: Double) in y < x }), ("max", { (x: Double, y: Double) in y > x })] {
            r.function(name, [ParamSpec("a", .int), ParamSpec("b", .int)], returns: .int, doc: "\(name == "min" ? "Smaller" : "Larger") of two values.") { a in
                let x = try a[0].asInt(), y = try a[1].asInt()
                return .int(pick(Double(x), Double(y)) ? y : x)
            }
            r.function(name, [ParamSpec("a", .float), ParamSpec("b", .float)], returns: .float, doc: "\(name == "min" ? "Smaller" : "Larger") of two values.") { a in
                let x = try a[0].asDouble(), y = try a[1].asDouble()
                return .float(pick(x, y) ? y : x)
            }
            r.function(name, [ParamSpec("xs", .list(.int))], returns: .int, doc: "\(name == "min" ? "Smallest" : "Largest") element of a list.") { a in
                let xs = try a[0].asList().map { try $0.asInt() }
                guard var best = xs.first else { throw RuntimeError("\(name)() of an empty list") }
                for x in xs.dropFirst() where pick(Double(best), Double(x)) { best = x }
                return .int(best)
            }
            r.function(name, [ParamSpec("xs", .list(.float))], returns: .float, doc: "\(name == "min" ? "Smallest" : "Largest") element of a list.") { a in
                let xs = try a[0].asList().map { try $0.asDouble() }
                guard var best = xs.first else { throw RuntimeError("\(name)() of an empty list") }
                for x in xs.dropFirst() where pick(best, x) { best = x }
                return .float(best)
            }
        }
    }
}
