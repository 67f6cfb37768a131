import Foundation

/// `%timeit STATEMENT` / `%%timeit`: IPython's loop-count choice and summary line.
enum TimeitMagic {
    static func register(into r: BuiltinRegistry) {
        r.magic("timeit", doc: "%timeit [-n N] [-r R] STATEMENT: time repeated runs (R runs of N loops; by default 7 runs, loop count chosen automatically).",
                takesStatement: true, cellMagic: true) { m in
            guard m.body != nil else { return }
            try timeit(m)
        }
    }

    /// Loops = first power of 10 taking ≥ 0.2 s, then 7 runs of that many loops.
    static func timeit(_ m: MagicInvocation) throws {
        let options = try MagicOptions(m.args, magic: "timeit", valued: ["n", "r"])
        func timeLoops(_ n: Int) throws -> Double {
            let t0 = wallClock()
            for _ in 0..<n { try m.runBody() }
            return wallClock() - t0
        }
        var number = 1
        if let n = try options.positiveInt("n", magic: "timeit") {
            number = n
        } else {
            for index in 0..<10 {
                number = Int(pow(10.0, Double(index)))
                if try timeLoops(number) >= 0.2 { break }
            }
        }
        let repeats = try options.positiveInt("r", magic: "timeit") ?? 7
        var perLoop: [Double] = []
        for _ in 0..<repeats { perLoop.append(try timeLoops(number) / Double(number)) }
        let mean = perLoop.reduce(0, +) / Double(repeats)
        let std = (perLoop.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(repeats)).squareRoot()
        let loops = NumberFormatter.localizedString(from: NSNumber(value: number), number: .decimal)
            .replacingOccurrences(of: "\u{a0}", with: ",").replacingOccurrences(of: ".", with: ",")
        m.output.timingLine("\(formatDuration(mean)) ± \(formatDuration(std)) per loop (mean ± std. dev. of \(repeats) run\(repeats == 1 ? "" : "s"), \(loops) loop\(number == 1 ? "" : "s") each)")
    }
}
