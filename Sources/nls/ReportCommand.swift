import ArgumentParser
import Foundation
import NLS
import NLSBuiltins
import NLSReport

/// `nls report SCRIPT [-o OUT.html] [ARGS…]`: `nls run --report` with a default file name.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Run a script and write one self-contained HTML report: each cell's source, output, timings and figures.",
        discussion: """
        The report goes to -o, or to the script's name with .html in the working directory \
        (`nls report examples/01_encoding.nls` writes ./01_encoding.html). Output is printed as \
        with `nls run`; a failing cell is shown in the report, and the exit status is that of `nls run`.
        """)

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("The HTML file to write.", valueName: "out.html"))
    var output: String?

    @ArgumentParser.Argument(help: "The .nls script.")
    var file: String

    /// Everything after the script is the script's, except a leading `-o FILE` (so
    /// `nls report script.nls -o out.html` works as well as `nls report -o out.html script.nls`).
    @ArgumentParser.Argument(parsing: .captureForPassthrough, help: "Arguments passed to the script (List[Str] `args`).")
    var scriptArgs: [String] = []

    /// The output file and the script's own arguments.
    func resolved() throws -> (output: String, arguments: [String]) {
        var args = scriptArgs
        var out = output
        if out == nil, let first = args.first {
            if first == "-o" || first == "--output" {
                guard args.count >= 2 else { throw ValidationError("\(first) needs a file name") }
                out = args[1]
                args.removeFirst(2)
            } else if first.hasPrefix("--output=") {
                out = String(first.dropFirst("--output=".count))
                args.removeFirst()
            }
        }
        return (out ?? Self.defaultOutput(for: file), args)
    }

    func validate() throws {
        try Self.checkOutput(try resolved().output, script: file)
    }

    func run() throws {
        let r = try resolved()
        throw ExitCode(ScriptRun.run(file, arguments: r.arguments, report: r.output))
    }

    /// The script's file name with its extension replaced by .html, in the working
    /// directory: where the user is, as relative paths of builtins are, and writable even
    /// when the script's folder is not (an installed bundle's examples).
    static func defaultOutput(for script: String) -> String {
        let name = URL(fileURLWithPath: script).deletingPathExtension().lastPathComponent
        return (name.isEmpty ? "report" : name) + ".html"
    }

    /// A report must never replace the script it reports on.
    static func checkOutput(_ output: String, script: String) throws {
        if output.isEmpty { throw ValidationError("the report needs a file name") }
        let a = URL(fileURLWithPath: output).standardizedFileURL.resolvingSymlinksInPath().path
        let b = URL(fileURLWithPath: script).standardizedFileURL.resolvingSymlinksInPath().path
        if a == b { throw ValidationError("the report \(output) would replace the script; give another file name") }
    }

    /// Runs `file` as `nls run` does while recording it, then writes the report, also
    /// when the script failed. The exit status is the run's (or 1 when only the write failed).
    static func runRecorded(_ file: SourceFile, session: Session, to path: String) -> Int32 {
        let recorder = ReportRecorder(file: file, session: session)
        let date = Date()
        var failure: Error?
        let code = Runner.runSource(file, session: session, failed: { failure = $0 })
        let report = recorder.report(scriptName: file.name, nlsVersion: NLSVersion.string, date: date,
                                     seconds: Date().timeIntervalSince(date), error: failure, exitStatus: code)
        do {
            try report.write(to: path)
        } catch {
            printError("error: cannot write the report: \(error)")
            return code == 0 ? Exit.runtimeError : code
        }
        printError("report written to \(path)")
        return code
    }
}
