/// `%time STATEMENT` / `%%time`: runs once and prints CPU and wall time as IPython does.
enum TimeMagic {
    static func register(into r: BuiltinRegistry) {
        r.magic("time", doc: "%time STATEMENT / %%time: run once and print CPU and wall time (IPython's format).",
                takesStatement: true, cellMagic: true) { m in
            guard m.body != nil else { return }
            _ = try MagicOptions(m.args, magic: "time")
            let (u0, s0) = processCPUTimes()
            let w0 = wallClock()
            // Printed even when the statement fails, like IPython.
            defer {
                let (u1, s1) = processCPUTimes()
                let w1 = wallClock()
                m.output.timingLine("CPU times: user \(formatDuration(u1 - u0)), sys: \(formatDuration(s1 - s0)), total: \(formatDuration(u1 - u0 + s1 - s0))")
                m.output.timingLine("Wall time: \(formatDuration(w1 - w0))")
            }
            try m.runBody()
        }
    }
}
