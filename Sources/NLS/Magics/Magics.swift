import Foundation

/// IPython-style magics, in scripts and the REPL alike.
public final class Magics {
    public static var allNames: [String] { known }
    static let known: [String] = ["time", "timeit", "who", "whos", "reset", "run", "load", "history",
                                  "pwd", "cd", "env", "lsmagic", "help", "device"]
    static let cellMagics: [String] = ["time", "timeit"]
    static let docs: [String: String] = [
        "time": "%time STATEMENT / %%time: run once and print CPU and wall time (IPython's format).",
        "timeit": "%timeit STATEMENT: time repeated runs (7 runs, loop count chosen automatically).",
        "who": "%who: names of the variables you defined.",
        "whos": "%whos: table of variables with type and value summary.",
        "reset": "%reset: forget every variable.",
        "run": "%run FILE.nls: check and run a script in this session.",
        "load": "%load FILE.nls: put a file's text into the input (REPL).",
        "history": "%history: inputs of this session (REPL).",
        "pwd": "%pwd: print the working directory.",
        "cd": "%cd DIR: change the working directory.",
        "env": "%env [NAME]: show environment variables.",
        "lsmagic": "%lsmagic: list the magics.",
        "help": "%help NAME (or ?NAME): signature and documentation.",
        "device": "%device [NAME]: show or set the compute device (cpu, opencl, opencl:N, auto).",
    ]

    /// Nesting of %run inside scripts run by %run.
    var runDepth = 0
    static let maxRunDepth = 32

    func run(name: String, args: String, body: [Stmt]?, cell: Bool, session: Session) throws {
        let interp = session.interpreter
        let out = session.output
        switch name {
        case "time":
            guard let body = body else { return }
            let (u0, s0) = processCPUTimes()
            let w0 = wallClock()
            defer {
                let (u1, s1) = processCPUTimes()
                let w1 = wallClock()
                out.line("CPU times: user \(formatDuration(u1 - u0)), sys: \(formatDuration(s1 - s0)), total: \(formatDuration(u1 - u0 + s1 - s0))")
                out.line("Wall time: \(formatDuration(w1 - w0))")
            }
            _ = try interp.execBlock(body, interp.globals)
        case "timeit":
            guard let body = body else { return }
            try timeit(body, session: session)
        case "who":
            let names = session.userGlobals.map(\.name)
            out.line(names.isEmpty ? "Interactive namespace is empty." : names.sorted().joined(separator: "\t"))
        case "whos":
            let vars = session.userGlobals
            if vars.isEmpty { out.line("Interactive namespace is empty."); return }
            let rows = vars.sorted { $0.name < $1.name }.map { v -> (String, String, String) in
                let value = interp.global(slot: v.slot)
                var info = value.repr.replacingOccurrences(of: "\n", with: " ")
                if info.count > 60 { info = String(info.prefix(57)) + "..." }
                return (v.name, v.type.description, info)
            }
            let w0 = max(8, rows.map { $0.0.count }.max()!) + 3
            let w1 = max(4, rows.map { $0.1.count }.max()!) + 3
            func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
            out.line(pad("Variable", w0) + pad("Type", w1) + "Data/Info")
            out.line(String(repeating: "-", count: w0 + w1 + 9))
            for r in rows { out.line(pad(r.0, w0) + pad(r.1, w1) + r.2) }
        case "reset":
            // The prelude (and a script's `args`) survive, as every session starts with them.
            var keep = session.hiddenGlobalSlots
            for g in session.checker.globals where g.name == "args" { keep.insert(g.slot) }
            session.checker.reset(keeping: keep)
            for i in interp.globals.slots.indices where !keep.contains(i) { interp.globals.slots[i] = .none }
            interp.executedModules = []
        case "run", "load":
            let path = args.trimmed(" \t\"'")
            guard !path.isEmpty else { throw RuntimeError("%\(name) needs a file name, e.g. %\(name) analysis.nls") }
            if name == "load", let load = session.loadHandler {
                guard let text = try? String(contentsOfFile: String(path), encoding: .utf8) else { throw RuntimeError("cannot read \(path)") }
                load(text)
                return
            }
            let file: SourceFile
            do { file = try SourceFile.load(path: String(path)) } catch let d as Diagnostic where d.location == nil {
                // Re-thrown as a plain error so the interpreter points at the %run line.
                throw RuntimeError(d.message)
            }
            // A script that %runs itself (or a cycle of them) recursed until the native
            // stack overflowed and the process crashed: bound the nesting like calls.
            guard runDepth < Magics.maxRunDepth else {
                throw RuntimeError("%run nested too deeply (limit \(Magics.maxRunDepth)); does \(path) %run itself?")
            }
            runDepth += 1
            defer { runDepth -= 1 }
            try session.run(file)
        case "history":
            for (i, line) in (session.historyProvider?() ?? []).enumerated() { out.line("\(i + 1): \(line)") }
        case "pwd":
            out.line(FileManager.default.currentDirectoryPath)
        case "cd":
            var dir = String(args.trimmed(" \t\"'"))
            if dir.isEmpty || dir == "~" { dir = ProcessInfo.processInfo.environment["HOME"] ?? "/" }
            if dir.hasPrefix("~/") { dir = (ProcessInfo.processInfo.environment["HOME"] ?? "") + dir.dropFirst() }
            guard FileManager.default.changeCurrentDirectoryPath(dir) else { throw RuntimeError("%cd: no such directory: \(dir)") }
            out.line(FileManager.default.currentDirectoryPath)
        case "env":
            let env = ProcessInfo.processInfo.environment
            let key = args.trimmed(" \t")
            if key.isEmpty {
                for k in env.keys.sorted() { out.line("\(k)=\(env[k]!)") }
            } else if let v = env[String(key)] {
                out.line(v)
            } else {
                throw RuntimeError("%env: environment variable \(key) is not set")
            }
        case "lsmagic":
            out.line("Available line magics:\n" + Magics.known.map { "%" + $0 }.joined(separator: "  "))
            out.line("\nAvailable cell magics:\n" + Magics.cellMagics.map { "%%" + $0 }.joined(separator: "  "))
        case "help":
            let n = args.trimmed(" \t?")
            guard !n.isEmpty else { out.line("usage: %help NAME   (or ?NAME); %lsmagic lists magics"); return }
            guard let h = session.help(for: String(n)) else { throw RuntimeError("no help for '\(n)': it is not a builtin, type, setting, magic or variable") }
            out.line(h)
        case "device":
            let v = args.trimmed(" \t\"'")
            if v.isEmpty {
                out.line(session.setting("device").display)
            } else {
                try interp.applySetting("device", .str(String(v)), offset: 0)
                out.line(session.setting("device").display)
            }
        default:
            throw RuntimeError("unknown magic %\(name); %lsmagic lists them")
        }
    }

    /// IPython's %timeit: loops = first power of 10 taking ≥ 0.2 s, then 7 runs of that many loops.
    func timeit(_ body: [Stmt], session: Session) throws {
        let interp = session.interpreter
        func timeLoops(_ n: Int) throws -> Double {
            let t0 = wallClock()
            for _ in 0..<n { _ = try interp.execBlock(body, interp.globals) }
            return wallClock() - t0
        }
        var number = 1
        for index in 0..<10 {
            number = Int(pow(10.0, Double(index)))
            if try timeLoops(number) >= 0.2 { break }
        }
        let repeats = 7
        var perLoop: [Double] = []
        for _ in 0..<repeats { perLoop.append(try timeLoops(number) / Double(number)) }
        let mean = perLoop.reduce(0, +) / Double(repeats)
        let std = (perLoop.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(repeats)).squareRoot()
        let loops = NumberFormatter.localizedString(from: NSNumber(value: number), number: .decimal)
            .replacingOccurrences(of: "\u{a0}", with: ",").replacingOccurrences(of: ".", with: ",")
        session.output.line("\(formatDuration(mean)) ± \(formatDuration(std)) per loop (mean ± std. dev. of \(repeats) runs, \(loops) loop\(number == 1 ? "" : "s") each)")
    }
}
