import Foundation

extension Interpreter {
    /// Arithmetic and comparisons on Int, Float, Bool, Str and List values. Integer
    /// overflow and division by zero are errors, never traps.
    @inline(__always)
    func primitiveBinary(_ op: Symbol, _ a: Value, _ b: Value, _ offset: Int) throws -> Value {
        if case .int(let x) = a, case .int(let y) = b { return try intBinary(op, x, y, offset) }
        switch (a, b) {
        case (.float(let x), .float(let y)): return try floatBinary(op, x, y, offset)
        case (.int(let x), .float(let y)): return try floatBinary(op, Double(x), y, offset)
        case (.float(let x), .int(let y)): return try floatBinary(op, x, Double(y), offset)
        case (.str(let x), .str(let y)):
            switch op {
            case .plus:
                try checkString(bytes: x.utf8.count &+ y.utf8.count, offset)
                return .str(x + y)
            case .eq: return .bool(x == y)
            case .ne: return .bool(x != y)
            case .lt: return .bool(x < y)
            case .le: return .bool(x <= y)
            case .gt: return .bool(x > y)
            case .ge: return .bool(x >= y)
            default: break
            }
        case (.list(let x), .list(let y)) where op == .plus:
            try checkSize(count: x.count &+ y.count, elementBytes: MemoryLayout<Value>.stride, "list concatenation", offset)
            return .list(x + y)
        default: break
        }
        switch op {
        case .eq: return .bool(a == b)
        case .ne: return .bool(a != b)
        default: throw fail("operator '\(op.rawValue)' cannot be applied to \(a.repr) and \(b.repr)", offset)
        }
    }

    /// The memory budget for a string or list result, as an error at `offset`.
    @inline(__always)
    func checkString(bytes: Int, _ offset: Int) throws {
        do { try MemoryLimit.checkString(bytes: bytes, "string concatenation") }
        catch { throw wrap(error, offset) }
    }

    func checkSize(count: Int, elementBytes: Int, _ what: @autoclosure () -> String, _ offset: Int) throws {
        do { try MemoryLimit.check(count: count, elementBytes: elementBytes, "\(what()) of \(count) \(elementBytes == 1 ? "bytes" : "items")") }
        catch { throw wrap(error, offset) }
    }

    @inline(__always)
    func intBinary(_ op: Symbol, _ x: Int, _ y: Int, _ offset: Int) throws -> Value {
        switch op {
        case .plus:
            let (r, o) = x.addingReportingOverflow(y)
            if o { throw fail("integer overflow in \(x) + \(y); use Float for large values", offset) }
            return .int(r)
        case .minus:
            let (r, o) = x.subtractingReportingOverflow(y)
            if o { throw fail("integer overflow in \(x) - \(y); use Float for large values", offset) }
            return .int(r)
        case .star:
            let (r, o) = x.multipliedReportingOverflow(by: y)
            if o { throw fail("integer overflow in \(x) * \(y); use Float for large values", offset) }
            return .int(r)
        case .slash:
            if y == 0 { throw fail("division by zero", offset) }
            return .float(Double(x) / Double(y))
        case .slashSlash, .percent:
            if y == 0 { throw fail(op == .percent ? "modulo by zero" : "division by zero", offset) }
            if x == Int.min && y == -1 { throw fail("integer overflow in \(x) // \(y)", offset) }
            // Floor division and modulo as in Python (result has the divisor's sign).
            var q = x / y, r = x % y
            if r != 0 && ((r < 0) != (y < 0)) { q -= 1; r += y }
            return .int(op == .percent ? r : q)
        case .starStar:
            if y < 0 { return .float(pow(Double(x), Double(y))) }
            var result = 1, base = x, e = y
            while e > 0 {
                if e & 1 == 1 {
                    let (r, o) = result.multipliedReportingOverflow(by: base)
                    if o { throw fail("integer overflow in \(x) ** \(y); use Float for large values", offset) }
                    result = r
                }
                e >>= 1
                if e > 0 {
                    let (bb, o) = base.multipliedReportingOverflow(by: base)
                    if o { throw fail("integer overflow in \(x) ** \(y); use Float for large values", offset) }
                    base = bb
                }
            }
            return .int(result)
        case .eq: return .bool(x == y)
        case .ne: return .bool(x != y)
        case .lt: return .bool(x < y)
        case .le: return .bool(x <= y)
        case .gt: return .bool(x > y)
        case .ge: return .bool(x >= y)
        default: throw fail("operator '\(op.rawValue)' cannot be applied to Int", offset)
        }
    }

    @inline(__always)
    func floatBinary(_ op: Symbol, _ x: Double, _ y: Double, _ offset: Int) throws -> Value {
        switch op {
        case .plus: return .float(x + y)
        case .minus: return .float(x - y)
        case .star: return .float(x * y)
        case .slash:
            if y == 0 { throw fail("division by zero", offset) }
            return .float(x / y)
        case .slashSlash:
            if y == 0 { throw fail("division by zero", offset) }
            return .float((x / y).rounded(.down))
        case .percent:
            if y == 0 { throw fail("modulo by zero", offset) }
            let r = fmod(x, y)
            return .float(r != 0 && ((r < 0) != (y < 0)) ? r + y : r)
        case .starStar: return .float(pow(x, y))
        case .eq: return .bool(x == y)
        case .ne: return .bool(x != y)
        case .lt: return .bool(x < y)
        case .le: return .bool(x <= y)
        case .gt: return .bool(x > y)
        case .ge: return .bool(x >= y)
        default: throw fail("operator '\(op.rawValue)' cannot be applied to Float", offset)
        }
    }
}
