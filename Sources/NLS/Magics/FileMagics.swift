import Foundation

/// `%run FILE` and `%load FILE`.
enum FileMagics {
    /// A script that %runs itself (or a cycle of them) recursed until the native stack
    /// overflowed and the process crashed: the nesting is bounded like calls.
    static let maxRunDepth = 32

    static func register(into r: BuiltinRegistry) {
        r.magic("run", doc: "%run FILE.nls: check and run a script in this session.") { m in try run(m) }
        r.magic("load", doc: "%load FILE.nls: put a file's text into the input (REPL).") { m in
            // Outside the REPL there is no input to fill: %load runs the file like %run.
            guard let load = m.session.loadHandler else { return try run(m) }
            let path = try fileName(m)
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw RuntimeError("cannot read \(path)") }
            load(text)
        }
    }

    static func fileName(_ m: MagicInvocation) throws -> String {
        let path = m.argument
        guard !path.isEmpty else { throw RuntimeError("%\(m.name) needs a file name, e.g. %\(m.name) analysis.nls") }
        if path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] { return home + path.dropFirst() }
        return path
    }

    static func run(_ m: MagicInvocation) throws {
        let path = try fileName(m)
        let file: SourceFile
        do { file = try SourceFile.load(path: path) } catch let d as Diagnostic where d.location == nil {
            // Re-thrown as a plain error so the interpreter points at the %run line.
            throw RuntimeError(d.message)
        }
        let session = m.session
        guard session.runDepth < maxRunDepth else {
            throw RuntimeError("%run nested too deeply (limit \(maxRunDepth)); does \(path) %run itself?")
        }
        session.runDepth += 1
        defer { session.runDepth -= 1 }
        try session.run(file)
    }
}
