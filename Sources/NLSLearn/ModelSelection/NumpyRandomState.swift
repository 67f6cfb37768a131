import Foundation
import NLSCompute

/// numpy's legacy `RandomState(seed)` (MT19937 seeded with `mt19937_seed`) — just enough of
/// it for scikit-learn's shuffling splitters: `shuffle` of a 1-D array (Fisher–Yates from the
/// end with `random_interval`'s masked rejection sampling), so KFold / StratifiedKFold /
/// GroupKFold with shuffle=True and an integer seed give the same folds as scikit-learn —
/// and `normal` (legacy polar Box–Muller, `legacy_gauss`), so randomized SVD and FastICA's
/// initial unmixing matrix with an integer random_state start from scikit-learn's numbers.
struct NumpyRandomState {
    private var mt = [UInt32](repeating: 0, count: 624)
    private var pos = 624
    private var cachedGauss: Double?

    /// numpy accepts integer seeds in 0...2³²−1.
    init(seed: Int) throws {
        guard seed >= 0, seed <= Int(UInt32.max) else {
            throw LearnError("random seed must be between 0 and 2**32 - 1, got \(seed)")
        }
        var s = UInt32(seed)
        for i in 0..<624 {
            mt[i] = s
            s = 1812433253 &* (s ^ (s >> 30)) &+ UInt32(i + 1)
        }
    }

    private mutating func generate() {
        let upper: UInt32 = 0x8000_0000, lower: UInt32 = 0x7fff_ffff, matrixA: UInt32 = 0x9908_b0df
        for i in 0..<624 {
            let y = (mt[i] & upper) | (mt[(i + 1) % 624] & lower)
            mt[i] = mt[(i + 397) % 624] ^ (y >> 1) ^ ((y & 1) != 0 ? matrixA : 0)
        }
        pos = 0
    }

    mutating func nextUInt32() -> UInt32 {
        if pos >= 624 { generate() }
        var y = mt[pos]; pos += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c_5680
        y ^= (y << 15) & 0xefc6_0000
        y ^= y >> 18
        return y
    }

    mutating func nextUInt64() -> UInt64 {
        let hi = UInt64(nextUInt32()), lo = UInt64(nextUInt32())
        return (hi << 32) | lo
    }

    /// Uniform integer in 0...max (numpy `random_interval`).
    mutating func randomInterval(_ max: Int) -> Int {
        if max <= 0 { return 0 }
        var mask = UInt64(max)
        mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4
        mask |= mask >> 8; mask |= mask >> 16; mask |= mask >> 32
        if UInt64(max) <= 0xffff_ffff {
            while true { let v = UInt64(nextUInt32()) & mask; if v <= UInt64(max) { return Int(v) } }
        }
        while true { let v = nextUInt64() & mask; if v <= UInt64(max) { return Int(v) } }
    }

    /// `RandomState.randint(high)` for 0 < high ≤ 2³²: uniform in 0..<high, drawn as numpy's
    /// legacy bounded integers (masked rejection on 32-bit draws), e.g. CanICA's FastICA seeds.
    mutating func randint(_ high: Int) -> Int { randomInterval(high - 1) }

    /// Uniform double in [0, 1) from 53 random bits (numpy `random_sample`, `legacy_double`).
    mutating func nextDouble() -> Double {
        let a = Double(nextUInt32() >> 5), b = Double(nextUInt32() >> 6)
        return (a * 67108864.0 + b) / 9007199254740992.0
    }

    /// Standard normal draw, as `RandomState.standard_normal` / `normal(0, 1)` (numpy's
    /// `legacy_gauss`: the polar method, the second value of each pair kept for the next call).
    mutating func gauss() -> Double {
        if let g = cachedGauss { cachedGauss = nil; return g }
        var x1 = 0.0, x2 = 0.0, r2 = 0.0
        repeat {
            x1 = 2 * nextDouble() - 1
            x2 = 2 * nextDouble() - 1
            r2 = x1 * x1 + x2 * x2
        } while r2 >= 1 || r2 == 0
        let f = (-2 * Foundation.log(r2) / r2).squareRoot()
        cachedGauss = f * x1
        return f * x2
    }

    /// `RandomState.normal(size: (rows, cols))`, row-major.
    mutating func normal(rows: Int, cols: Int) throws -> NDArray {
        let n = try NDArray.checkShape([rows, cols], op: "normal")   // within the memory budget
        return NDArray(shape: [rows, cols], (0..<n).map { _ in gauss() })
    }

    /// In-place shuffle, as `RandomState.shuffle` on a 1-D array.
    mutating func shuffle<T>(_ a: inout [T]) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            let j = randomInterval(i)
            a.swapAt(i, j)
        }
    }
}
