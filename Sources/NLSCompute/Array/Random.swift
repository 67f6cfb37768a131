import Foundation

/// Seeded pseudo-random generator: xoshiro256** (Blackman & Vigna), state seeded from a
/// 64-bit seed through SplitMix64. Deterministic for a given seed on every platform; not
/// bit-compatible with numpy. Thread-safe: every draw holds an internal lock, so one
/// instance may be shared (draw order across threads is then up to the scheduler).
///
/// - `rand`: uniform [0, 1) with 53 random bits (`(x >> 11) · 2⁻⁵³`).
/// - `randn`: standard normal by the Box–Muller transform (both outputs used).
/// - `integers(low, high)`: uniform on [low, high), unbiased (Lemire's method).
public final class RandomState: @unchecked Sendable {
    private var s: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var spareNormal: Double? = nil
    private let lock = NSLock()

    public init(seed: UInt64) { reseedLocked(seed) }
    public convenience init(seed: Int) { self.init(seed: UInt64(bitPattern: Int64(seed))) }
    /// Seeded from the system's entropy.
    public convenience init() { self.init(seed: UInt64.random(in: .min ... .max)) }

    /// Restarts the stream from `seed`.
    public func seed(_ seed: Int) { lock.lock(); reseedLocked(UInt64(bitPattern: Int64(seed))); lock.unlock() }

    private func reseedLocked(_ seed: UInt64) {
        var z = seed
        func splitmix() -> UInt64 {
            z &+= 0x9E37_79B9_7F4A_7C15
            var x = z
            x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
            x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
            return x ^ (x >> 31)
        }
        s = (splitmix(), splitmix(), splitmix(), splitmix())
        spareNormal = nil
    }

    @inline(__always) private func next() -> UInt64 {
        let result = rotl(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0; s.3 ^= s.1; s.1 ^= s.2; s.0 ^= s.3
        s.2 ^= t
        s.3 = rotl(s.3, 45)
        return result
    }
    @inline(__always) private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
    @inline(__always) private func nextDouble() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    @inline(__always) private func nextNormal() -> Double {
        if let z = spareNormal { spareNormal = nil; return z }
        let u1 = 1.0 - nextDouble()   // (0, 1]
        let u2 = nextDouble()
        let r = (-2.0 * Foundation.log(u1)).squareRoot()
        let th = 2.0 * Double.pi * u2
        spareNormal = r * Foundation.sin(th)
        return r * Foundation.cos(th)
    }

    /// Unbiased integer in [0, n) (Lemire).
    @inline(__always) private func nextBelow(_ n: UInt64) -> UInt64 {
        if n == 0 { return next() }
        var m = next().multipliedFullWidth(by: n)
        if m.low < n {
            let t = (0 &- n) % n
            while m.low < t { m = next().multipliedFullWidth(by: n) }
        }
        return m.high
    }

    private func withLock<T>(_ f: () throws -> T) rethrows -> T { lock.lock(); defer { lock.unlock() }; return try f() }

    /// Raw 64 random bits.
    public func nextUInt64() -> UInt64 { withLock { next() } }
    /// One uniform [0, 1) value.
    public func uniform() -> Double { withLock { nextDouble() } }
    /// One standard normal value.
    public func normal() -> Double { withLock { nextNormal() } }

    /// Uniform [0, 1) array (numpy `rand`/`random`).
    public func rand(_ shape: [Int], op: String = "rand") throws -> NDArray {
        let n = try NDArray.checkShape(shape, op: op)
        let st = withLock { Storage.make(n) { p in for i in 0..<n { p[i] = nextDouble() } } }
        return NDArray(shape: shape, storage: st)
    }

    /// Uniform [low, high) array.
    public func uniform(low: Double = 0, high: Double = 1, _ shape: [Int]) throws -> NDArray {
        var a = try rand(shape, op: "uniform")
        a.storage.withUnsafeMutableBufferPointer { p in for i in 0..<p.count { p[i] = low + (high - low) * p[i] } }
        return a
    }

    /// Standard normal array (numpy `randn`/`standard_normal`).
    public func randn(_ shape: [Int], op: String = "randn") throws -> NDArray {
        let n = try NDArray.checkShape(shape, op: op)
        let st = withLock { Storage.make(n) { p in for i in 0..<n { p[i] = nextNormal() } } }
        return NDArray(shape: shape, storage: st)
    }

    /// Normal array with mean `loc` and standard deviation `scale`.
    public func normal(loc: Double = 0, scale: Double = 1, _ shape: [Int]) throws -> NDArray {
        guard scale >= 0 else { throw ComputeError("normal: scale must be non-negative, got \(scale)") }
        var a = try randn(shape, op: "normal")
        a.storage.withUnsafeMutableBufferPointer { p in for i in 0..<p.count { p[i] = loc + scale * p[i] } }
        return a
    }

    /// Integers uniform on [low, high) (numpy `Generator.integers`), int64.
    public func integers(_ low: Int, _ high: Int, _ shape: [Int] = []) throws -> NDArray {
        guard high > low else { throw ComputeError("integers: low >= high (\(low) >= \(high))") }
        let n = try NDArray.checkShape(shape, op: "integers", dtype: .int64)
        let range = UInt64(bitPattern: Int64(high &- low))
        let st = withLock { Storage.make(n) { p in for i in 0..<n { p[i] = Double(low &+ Int(truncatingIfNeeded: nextBelow(range))) } } }
        return NDArray(shape: shape, storage: st, dtype: .int64)
    }

    /// Random permutation of 0..<n (Fisher–Yates), int64.
    public func permutation(_ n: Int) throws -> NDArray {
        guard n >= 0 else { throw ComputeError("permutation: n must be non-negative, got \(n)") }
        // Shuffled in place in the result's own storage: one buffer of n doubles
        // (exact up to 2^53, far beyond any size the memory budget admits).
        let count = try NDArray.checkShape([n], op: "permutation", dtype: .int64)
        let st = withLock {
            Storage.make(count) { p in
                for i in 0..<count { p[i] = Double(i) }
                var i = count - 1
                while i > 0 {
                    let j = Int(nextBelow(UInt64(i + 1)))
                    p.swapAt(i, j)
                    i -= 1
                }
            }
        }
        return NDArray(shape: [count], storage: st, dtype: .int64)
    }

    /// Copy of `a` with its rows (axis 0) in random order.
    public func permutation(_ a: NDArray) throws -> NDArray {
        guard a.ndim >= 1 else { throw ComputeError("permutation: x must be an integer or at least 1-dimensional") }
        let p = try permutation(a.shape[0])
        return try a.take(p.intValues, axis: 0)
    }

    /// Shuffles a Swift array in place (Fisher–Yates).
    public func shuffle<T>(_ a: inout [T]) {
        withLock {
            var i = a.count - 1
            while i > 0 {
                let j = Int(nextBelow(UInt64(i + 1)))
                a.swapAt(i, j)
                i -= 1
            }
        }
    }

    /// numpy `choice(n, size, replace, p)`: indices drawn from 0..<n (int64), optionally
    /// weighted by probabilities `p` (must sum to 1).
    public func choice(_ n: Int, size: Int, replace: Bool = true, p: [Double]? = nil) throws -> NDArray {
        guard n > 0 else { throw ComputeError("choice: a must be a positive integer, got \(n)") }
        guard size >= 0 else { throw ComputeError("choice: negative size \(size)") }
        try NDArray.checkShape([size], op: "choice", dtype: .int64)
        if !replace { try NDArray.checkShape([n], op: "choice", dtype: .int64) }
        if !replace && size > n { throw ComputeError("choice: cannot take a larger sample (\(size)) than population (\(n)) when replace=false") }
        if let p = p {
            guard p.count == n else { throw ComputeError("choice: a and p must have the same size (\(n) vs \(p.count))") }
            guard p.allSatisfy({ $0 >= 0 && $0.isFinite }) else { throw ComputeError("choice: probabilities are not non-negative") }
            let tot = p.reduce(0, +)
            guard Swift.abs(tot - 1) < 1e-8 else { throw ComputeError("choice: probabilities do not sum to 1") }
            if !replace && p.filter({ $0 > 0 }).count < size { throw ComputeError("choice: fewer non-zero entries in p than size") }
            var w = p
            var out: [Int] = []
            withLock {
                for _ in 0..<size {
                    let total = w.reduce(0, +)
                    let u = nextDouble() * total
                    var acc = 0.0, k = 0
                    while k < n - 1 { acc += w[k]; if u < acc { break }; k += 1 }
                    while w[k] == 0 && k > 0 { k -= 1 }
                    out.append(k)
                    if !replace { w[k] = 0 }
                }
            }
            return NDArray(out)
        }
        if replace {
            var out = [Int](repeating: 0, count: size)
            withLock { for i in 0..<size { out[i] = Int(nextBelow(UInt64(n))) } }
            return NDArray(out)
        }
        var idx = Array(0..<n)
        withLock {  // partial Fisher–Yates
            for i in 0..<size {
                let j = i + Int(nextBelow(UInt64(n - i)))
                idx.swapAt(i, j)
            }
        }
        return NDArray(Array(idx[0..<size]))
    }

    /// Rows of `a` chosen at random (numpy `choice(a, size, replace)` along axis 0).
    public func choice(_ a: NDArray, size: Int, replace: Bool = true) throws -> NDArray {
        guard a.ndim >= 1, a.shape[0] > 0 else { throw ComputeError("choice: a cannot be empty") }
        let idx = try choice(a.shape[0], size: size, replace: replace)
        return try a.take(idx.intValues, axis: 0)
    }
}

/// The global, seedable generator (`seed` setting of the language).
public enum Random {
    public static let shared = RandomState(seed: 0)
    /// Restarts the global stream: same seed → same draws.
    public static func seed(_ s: Int) { shared.seed(s) }
    public static func rand(_ shape: [Int]) throws -> NDArray { try shared.rand(shape) }
    public static func randn(_ shape: [Int]) throws -> NDArray { try shared.randn(shape) }
    public static func integers(_ low: Int, _ high: Int, _ shape: [Int] = []) throws -> NDArray { try shared.integers(low, high, shape) }
    public static func permutation(_ n: Int) throws -> NDArray { try shared.permutation(n) }
    public static func choice(_ n: Int, size: Int, replace: Bool = true, p: [Double]? = nil) throws -> NDArray {
        try shared.choice(n, size: size, replace: replace, p: p)
    }
}
