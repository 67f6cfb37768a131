import Foundation

/// `%pwd`, `%cd`, `%env`: the process's working directory and environment.
enum ShellMagics {
    static func register(into r: BuiltinRegistry) {
        r.magic("pwd", doc: "%pwd: print the working directory.") { m in
            m.output.line(FileManager.default.currentDirectoryPath)
        }
        r.magic("cd", doc: "%cd DIR: change the working directory.") { m in
            let home = ProcessInfo.processInfo.environment["HOME"]
            var dir = m.argument
            if dir.isEmpty || dir == "~" { dir = home ?? "/" }
            if dir.hasPrefix("~/") { dir = (home ?? "") + dir.dropFirst() }
            guard FileManager.default.changeCurrentDirectoryPath(dir) else { throw RuntimeError("%cd: no such directory: \(dir)") }
            m.output.line(FileManager.default.currentDirectoryPath)
        }
        r.magic("env", doc: "%env [NAME]: show environment variables.") { m in
            let env = ProcessInfo.processInfo.environment
            let key = String(m.args.trimmed(" \t"))
            if key.isEmpty {
                for k in env.keys.sorted() { m.output.line("\(k)=\(env[k]!)") }
            } else if let v = env[key] {
                m.output.line(v)
            } else {
                throw RuntimeError("%env: environment variable \(key) is not set")
            }
        }
    }
}
