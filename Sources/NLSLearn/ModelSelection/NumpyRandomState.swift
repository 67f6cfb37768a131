/// numpy's legacy `RandomState(seed)` (MT19937 seeded with `mt19937_seed`) — just enough of
/// it for scikit-learn's shuffling splitters: `shuffle` of a 1-D array (Fisher–Yates from the
/// end with `random_interval`'s masked rejection sampling), so KFold / StratifiedKFold /
/// GroupKFold with shuffle=True and an integer seed give the same folds as scikit-learn.
struct NumpyRandomState {
    private var mt = [UInt32](repeating: 0, count: 624)
    private var pos = 624

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

    /// In-place shuffle, as `RandomState.shuffle` on a 1-D array.
    mutating func shuffle<T>(_ a: inout [T]) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            let j = randomInterval(i)
            a.swapAt(i, j)
        }
    }
}
