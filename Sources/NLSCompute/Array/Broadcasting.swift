import Foundation

/// Element-wise binary operations with numpy broadcasting.
public enum BinaryOp: String, Sendable, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", power = "**"
    case floorDivide = "//", mod = "%"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case logicalAnd = "and", logicalOr = "or"
    case minimum, maximum

    public var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return true
        default: return false
        }
    }
    public var isLogical: Bool { self == .logicalAnd || self == .logicalOr }

    /// dtype of `a op b` for array operands.
    public func resultType(_ a: DType, _ b: DType) -> DType {
        if isComparison || isLogical { return .bool }
        if self == .divide { let p = DType.promote(a, b); return p == .int64 ? .float64 : p }
        if self == .minimum || self == .maximum, a == .bool, b == .bool { return .bool }
        return DType.promote(a, b)
    }
    /// dtype of `a op scalar` with a weak scalar.
    public func resultType(_ a: DType, scalarIsInteger: Bool) -> DType {
        if isComparison || isLogical { return .bool }
        let p = DType.promote(a, weakScalarIsInteger: scalarIsInteger)
        if self == .divide { return p == .int64 ? .float64 : p }
        return p
    }
}

/// Python-style floor modulo (sign follows the divisor), numpy's `%` for floats.
@inline(__always) func floorMod(_ a: Double, _ b: Double) -> Double {
    if b == 0 { return .nan }
    let r = fmod(a, b)
    return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r
}

extension NDArray {
    /// numpy broadcast of two shapes; throws with numpy's message when incompatible.
    public static func broadcastShapes(_ a: [Int], _ b: [Int]) throws -> [Int] {
        if a == b { return a }
        let n = Swift.max(a.count, b.count)
        var out = [Int](repeating: 1, count: n)
        for i in 0..<n {
            let da = i < n - a.count ? 1 : a[i - (n - a.count)]
            let db = i < n - b.count ? 1 : b[i - (n - b.count)]
            if da == db || db == 1 { out[i] = da } else if da == 1 { out[i] = db } else {
                throw ComputeError("operands could not be broadcast together with shapes \(shapeString(a)) \(shapeString(b))")
            }
        }
        return out
    }

    /// Materialises this array broadcast to `shape` (numpy `broadcast_to`, copied).
    public func broadcast(to target: [Int]) throws -> NDArray {
        if shape == target { return self }
        let bs = try? NDArray.broadcastShapes(shape, target)
        guard bs == target else {
            throw ComputeError("cannot broadcast an array of shape \(shapeDescription) to shape \(NDArray.shapeString(target))")
        }
        try NDArray.checkShape(target, op: "broadcast_to", dtype: dtype)
        let z = NDArray(zeros: target, dtype: dtype)
        return try NDArray.binary(.add, self, z).astype(dtype)
    }

    /// Strides of `shape` viewed inside a broadcast `outShape` (0 on broadcast axes).
    static func broadcastStrides(_ shape: [Int], _ outShape: [Int]) -> [Int] {
        let n = outShape.count
        var s = [Int](repeating: 0, count: n)
        var acc = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            let o = i + (n - shape.count)
            s[o] = shape[i] == 1 ? 0 : acc
            acc *= shape[i]
        }
        return s
    }

    /// Applies `f` with broadcasting into `out` (already sized to `outShape`).
    @inline(__always)
    static func broadcastLoop(_ a: NDArray, _ b: NDArray, _ outShape: [Int],
                              _ po: UnsafeMutableBufferPointer<Double>, _ f: (Double, Double) -> Double) {
        let total = po.count
        if total == 0 { return }
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                do {
                    if a.shape == b.shape {
                        for i in 0..<total { po[i] = f(pa[i], pb[i]) }
                        return
                    }
                    if b.size == 1 {
                        let y = pb[0]
                        for i in 0..<total { po[i] = f(pa[i], y) }
                        return
                    }
                    if a.size == 1 && b.size == total {
                        let x = pa[0]
                        for i in 0..<total { po[i] = f(x, pb[i]) }
                        return
                    }
                    if a.size == 1 {  // broadcasting b as well; fall through
                    }
                    let nd = outShape.count
                    let sa = broadcastStrides(a.shape, outShape), sb = broadcastStrides(b.shape, outShape)
                    let inner = outShape[nd - 1]
                    let ia = sa[nd - 1], ib = sb[nd - 1]
                    var counter = [Int](repeating: 0, count: nd)
                    var oa = 0, ob = 0, o = 0
                    while o < total {
                        if ia == 1 && ib == 1 {
                            for t in 0..<inner { po[o + t] = f(pa[oa + t], pb[ob + t]) }
                        } else if ia == 1 && ib == 0 {
                            let y = pb[ob]
                            for t in 0..<inner { po[o + t] = f(pa[oa + t], y) }
                        } else if ia == 0 && ib == 1 {
                            let x = pa[oa]
                            for t in 0..<inner { po[o + t] = f(x, pb[ob + t]) }
                        } else {
                            var ja = oa, jb = ob
                            for t in 0..<inner { po[o + t] = f(pa[ja], pb[jb]); ja += ia; jb += ib }
                        }
                        o += inner
                        // advance the odometer over the outer axes
                        var d = nd - 2
                        while d >= 0 {
                            counter[d] += 1; oa += sa[d]; ob += sb[d]
                            if counter[d] < outShape[d] { break }
                            oa -= sa[d] * counter[d]; ob -= sb[d] * counter[d]; counter[d] = 0
                            d -= 1
                        }
                        if d < 0 { break }
                    }
                }
            }
        }
    }

    @inline(__always)
    static func kernel(_ op: BinaryOp, _ a: NDArray, _ b: NDArray, _ shape: [Int], _ out: UnsafeMutableBufferPointer<Double>) {
        switch op {
        case .add: broadcastLoop(a, b, shape, out, +)
        case .subtract: broadcastLoop(a, b, shape, out, -)
        case .multiply: broadcastLoop(a, b, shape, out, *)
        case .divide: broadcastLoop(a, b, shape, out, /)
        case .power: broadcastLoop(a, b, shape, out) { x, y in y == 2 ? x * x : Foundation.pow(x, y) }
        case .floorDivide: broadcastLoop(a, b, shape, out) { x, y in (x / y).rounded(.down) }
        case .mod: broadcastLoop(a, b, shape, out, floorMod)
        case .equal: broadcastLoop(a, b, shape, out) { $0 == $1 ? 1 : 0 }
        case .notEqual: broadcastLoop(a, b, shape, out) { $0 != $1 ? 1 : 0 }
        case .less: broadcastLoop(a, b, shape, out) { $0 < $1 ? 1 : 0 }
        case .lessEqual: broadcastLoop(a, b, shape, out) { $0 <= $1 ? 1 : 0 }
        case .greater: broadcastLoop(a, b, shape, out) { $0 > $1 ? 1 : 0 }
        case .greaterEqual: broadcastLoop(a, b, shape, out) { $0 >= $1 ? 1 : 0 }
        case .logicalAnd: broadcastLoop(a, b, shape, out) { ($0 != 0 && $1 != 0) ? 1 : 0 }
        case .logicalOr: broadcastLoop(a, b, shape, out) { ($0 != 0 || $1 != 0) ? 1 : 0 }
        case .minimum: broadcastLoop(a, b, shape, out) { x, y in x.isNaN || y.isNaN ? .nan : Swift.min(x, y) }
        case .maximum: broadcastLoop(a, b, shape, out) { x, y in x.isNaN || y.isNaN ? .nan : Swift.max(x, y) }
        }
    }

    static func checkIntegerOp(_ op: BinaryOp, _ dt: DType, _ b: NDArray) throws {
        guard dt == .int64 else { return }
        switch op {
        case .power:
            if b.storage.contains(where: { $0 < 0 }) { throw ComputeError("integers to negative integer powers are not allowed") }
        case .floorDivide, .mod:
            if b.storage.contains(0) { throw ComputeError("integer division or modulo by zero") }
        default: break
        }
    }

    /// Integer arrays follow the language's scalar rule: a result outside Int64 is an
    /// error naming the operation, not a silently saturated value. (Storage is Float64,
    /// so Int.max itself reads as 2^63; only results beyond it are detected.)
    static func checkIntegerOverflow(_ op: BinaryOp, _ dt: DType, _ out: ContiguousArray<Double>) throws {
        guard dt == .int64, op == .add || op == .subtract || op == .multiply || op == .power || op == .floorDivide else { return }
        let limit = 0x1p63
        let bad = out.withUnsafeBufferPointer { p in p.contains { $0 > limit || $0 < -limit } }
        if bad { throw ComputeError("integer overflow in array \(op.rawValue): a result does not fit in int64") }
    }

    /// `a op b` with numpy broadcasting and dtype promotion.
    public static func binary(_ op: BinaryOp, _ a: NDArray, _ b: NDArray) throws -> NDArray {
        let shape = try broadcastShapes(a.shape, b.shape)
        let dt = op.resultType(a.dtype, b.dtype)
        if op.isLogical, a.dtype != .bool || b.dtype != .bool {
            throw ComputeError("logical \(op.rawValue) needs bool arrays, got \(a.dtype.name) and \(b.dtype.name)")
        }
        try checkIntegerOp(op, dt, b)
        var out = Storage.make(try checkShape(shape, op: op.rawValue, dtype: dt)) { kernel(op, a, b, shape, $0) }
        try checkIntegerOverflow(op, dt, out)
        if dt == .float32 || (dt == .int64 && (op == .power)) { castInPlace(&out, dt) }
        return NDArray(shape: shape, storage: out, dtype: dt)
    }

    /// `a op scalar` (scalar on the right) with NEP 50 weak-scalar promotion.
    public static func binary(_ op: BinaryOp, _ a: NDArray, scalar: Double, scalarIsInteger: Bool = false) throws -> NDArray {
        let s = NDArray(shape: [], storage: [scalar], dtype: scalarIsInteger ? .int64 : .float64)
        return try binaryScalar(op, a, s, arrayOnLeft: true, scalarIsInteger: scalarIsInteger)
    }
    /// `scalar op a` (scalar on the left).
    public static func binary(_ op: BinaryOp, scalar: Double, _ a: NDArray, scalarIsInteger: Bool = false) throws -> NDArray {
        let s = NDArray(shape: [], storage: [scalar], dtype: scalarIsInteger ? .int64 : .float64)
        return try binaryScalar(op, a, s, arrayOnLeft: false, scalarIsInteger: scalarIsInteger)
    }

    static func binaryScalar(_ op: BinaryOp, _ a: NDArray, _ s: NDArray, arrayOnLeft: Bool, scalarIsInteger: Bool) throws -> NDArray {
        var dt = op.resultType(a.dtype, scalarIsInteger: scalarIsInteger)
        if op.isLogical { guard a.dtype == .bool else { throw ComputeError("logical \(op.rawValue) needs bool arrays, got \(a.dtype.name)") } }
        if (op == .minimum || op == .maximum) && a.dtype == .bool && scalarIsInteger { dt = .int64 }
        try checkIntegerOp(op, dt, arrayOnLeft ? s : a)
        var out = Storage.make(a.size) { o in if arrayOnLeft { kernel(op, a, s, a.shape, o) } else { kernel(op, s, a, a.shape, o) } }
        try checkIntegerOverflow(op, dt, out)
        if dt == .float32 || (dt == .int64 && op == .power) { castInPlace(&out, dt) }
        return NDArray(shape: a.shape, storage: out, dtype: dt)
    }

    // MARK: operators (arrays)
    public static func + (a: NDArray, b: NDArray) throws -> NDArray { try binary(.add, a, b) }
    public static func - (a: NDArray, b: NDArray) throws -> NDArray { try binary(.subtract, a, b) }
    public static func * (a: NDArray, b: NDArray) throws -> NDArray { try binary(.multiply, a, b) }
    public static func / (a: NDArray, b: NDArray) throws -> NDArray { try binary(.divide, a, b) }

    // MARK: operators with Double scalars (weak float scalar)
    public static func + (a: NDArray, s: Double) -> NDArray { scalarOp(.add, a, s, true) }
    public static func - (a: NDArray, s: Double) -> NDArray { scalarOp(.subtract, a, s, true) }
    public static func * (a: NDArray, s: Double) -> NDArray { scalarOp(.multiply, a, s, true) }
    public static func / (a: NDArray, s: Double) -> NDArray { scalarOp(.divide, a, s, true) }
    public static func + (s: Double, a: NDArray) -> NDArray { scalarOp(.add, a, s, false) }
    public static func - (s: Double, a: NDArray) -> NDArray { scalarOp(.subtract, a, s, false) }
    public static func * (s: Double, a: NDArray) -> NDArray { scalarOp(.multiply, a, s, false) }
    public static func / (s: Double, a: NDArray) -> NDArray { scalarOp(.divide, a, s, false) }

    // MARK: operators with Int scalars (weak integer scalar: int64 arrays stay int64)
    public static func + (a: NDArray, s: Int) -> NDArray { scalarOp(.add, a, Double(s), true, integer: true) }
    public static func - (a: NDArray, s: Int) -> NDArray { scalarOp(.subtract, a, Double(s), true, integer: true) }
    public static func * (a: NDArray, s: Int) -> NDArray { scalarOp(.multiply, a, Double(s), true, integer: true) }
    public static func / (a: NDArray, s: Int) -> NDArray { scalarOp(.divide, a, Double(s), true, integer: true) }
    public static func + (s: Int, a: NDArray) -> NDArray { scalarOp(.add, a, Double(s), false, integer: true) }
    public static func - (s: Int, a: NDArray) -> NDArray { scalarOp(.subtract, a, Double(s), false, integer: true) }
    public static func * (s: Int, a: NDArray) -> NDArray { scalarOp(.multiply, a, Double(s), false, integer: true) }
    public static func / (s: Int, a: NDArray) -> NDArray { scalarOp(.divide, a, Double(s), false, integer: true) }

    /// Arithmetic with a float scalar never fails (no integer checks apply).
    static func scalarOp(_ op: BinaryOp, _ a: NDArray, _ s: Double, _ arrayOnLeft: Bool, integer: Bool = false) -> NDArray {
        let dt = op.resultType(a.dtype, scalarIsInteger: integer)
        let n = a.size
        var out = Storage.make(n) { o in
            a.storage.withUnsafeBufferPointer { p in
                switch (op, arrayOnLeft) {
                case (.add, _): for i in 0..<n { o[i] = p[i] + s }
                case (.subtract, true): for i in 0..<n { o[i] = p[i] - s }
                case (.subtract, false): for i in 0..<n { o[i] = s - p[i] }
                case (.multiply, _): for i in 0..<n { o[i] = p[i] * s }
                case (.divide, true): for i in 0..<n { o[i] = p[i] / s }
                case (.divide, false): for i in 0..<n { o[i] = s / p[i] }
                default: break
                }
            }
        }
        if dt == .float32 { castInPlace(&out, dt) }
        return NDArray(shape: a.shape, storage: out, dtype: dt)
    }

    /// Unary minus (bool arrays are negated as integers).
    public static prefix func - (a: NDArray) -> NDArray {
        let out = Storage.make(a.size) { o in a.storage.withUnsafeBufferPointer { p in for i in 0..<p.count { o[i] = -p[i] } } }
        return NDArray(shape: a.shape, storage: out, dtype: a.dtype == .bool ? .int64 : a.dtype)
    }

    /// Element-wise power with broadcasting (`a ** b`).
    public func pow(_ b: NDArray) throws -> NDArray { try NDArray.binary(.power, self, b) }
    public func pow(_ b: Double) throws -> NDArray { try NDArray.binary(.power, self, scalar: b) }

    // MARK: comparisons and logic
    public func equal(_ b: NDArray) throws -> NDArray { try NDArray.binary(.equal, self, b) }
    public func notEqual(_ b: NDArray) throws -> NDArray { try NDArray.binary(.notEqual, self, b) }
    public func less(_ b: NDArray) throws -> NDArray { try NDArray.binary(.less, self, b) }
    public func lessEqual(_ b: NDArray) throws -> NDArray { try NDArray.binary(.lessEqual, self, b) }
    public func greater(_ b: NDArray) throws -> NDArray { try NDArray.binary(.greater, self, b) }
    public func greaterEqual(_ b: NDArray) throws -> NDArray { try NDArray.binary(.greaterEqual, self, b) }
    public static func .== (a: NDArray, b: NDArray) throws -> NDArray { try binary(.equal, a, b) }
    public static func .!= (a: NDArray, b: NDArray) throws -> NDArray { try binary(.notEqual, a, b) }
    public static func .< (a: NDArray, b: NDArray) throws -> NDArray { try binary(.less, a, b) }
    public static func .<= (a: NDArray, b: NDArray) throws -> NDArray { try binary(.lessEqual, a, b) }
    public static func .> (a: NDArray, b: NDArray) throws -> NDArray { try binary(.greater, a, b) }
    public static func .>= (a: NDArray, b: NDArray) throws -> NDArray { try binary(.greaterEqual, a, b) }
    public static func .== (a: NDArray, s: Double) -> NDArray { compareScalar(a, s) { $0 == $1 } }
    public static func .!= (a: NDArray, s: Double) -> NDArray { compareScalar(a, s) { $0 != $1 } }
    public static func .< (a: NDArray, s: Double) -> NDArray { compareScalar(a, s) { $0 < $1 } }
    public static func .<= (a: NDArray, s: Double) -> NDArray { compareScalar(a, s) { $0 <= $1 } }
    public static func .> (a: NDArray, s: Double) -> NDArray { compareScalar(a, s) { $0 > $1 } }
    public static func .>= (a: NDArray, s: Double) -> NDArray { compareScalar(a, s) { $0 >= $1 } }

    @inline(__always)
    static func compareScalar(_ a: NDArray, _ s: Double, _ f: (Double, Double) -> Bool) -> NDArray {
        let out = Storage.make(a.size) { o in
            a.storage.withUnsafeBufferPointer { p in for i in 0..<p.count { o[i] = f(p[i], s) ? 1 : 0 } }
        }
        return NDArray(shape: a.shape, storage: out, dtype: .bool)
    }

    public func logicalAnd(_ b: NDArray) throws -> NDArray { try NDArray.binary(.logicalAnd, self, b) }
    public func logicalOr(_ b: NDArray) throws -> NDArray { try NDArray.binary(.logicalOr, self, b) }
    /// Logical not; throws unless the array is bool.
    public func logicalNot() throws -> NDArray {
        guard dtype == .bool else { throw ComputeError("logical not needs a bool array, got \(dtype.name)") }
        var out = storage
        out.withUnsafeMutableBufferPointer { p in for i in 0..<p.count { p[i] = p[i] != 0 ? 0 : 1 } }
        return NDArray(shape: shape, storage: out, dtype: .bool)
    }

    // MARK: in-place (same-shape / broadcastable right operand)
    /// `a += b` in place when `b` broadcasts to `a`'s shape; uses BLAS daxpy for same shape float64.
    public static func += (a: inout NDArray, b: NDArray) throws {
        if a.shape == b.shape && a.dtype == .float64 && b.dtype != .float32 {
            a.axpy(1, b); return
        }
        let r = try binary(.add, a, b)
        guard r.shape == a.shape else { throw ComputeError("non-broadcastable output operand with shape \(a.shapeDescription) doesn't match the broadcast shape \(r.shapeDescription)") }
        a = r
    }
    public static func -= (a: inout NDArray, b: NDArray) throws {
        if a.shape == b.shape && a.dtype == .float64 && b.dtype != .float32 {
            a.axpy(-1, b); return
        }
        let r = try binary(.subtract, a, b)
        guard r.shape == a.shape else { throw ComputeError("non-broadcastable output operand with shape \(a.shapeDescription) doesn't match the broadcast shape \(r.shapeDescription)") }
        a = r
    }
    public static func *= (a: inout NDArray, s: Double) { a = a * s }
}

infix operator .== : ComparisonPrecedence
infix operator .!= : ComparisonPrecedence
infix operator .< : ComparisonPrecedence
infix operator .<= : ComparisonPrecedence
infix operator .> : ComparisonPrecedence
infix operator .>= : ComparisonPrecedence
