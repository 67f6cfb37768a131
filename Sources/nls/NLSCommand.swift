import ArgumentParser
import Foundation
import NLS
import NLSBuiltins
import NLSCompute
import NLSRepl

/// Exit codes: 0 ok, 1 run-time error, 2 parse/type error, 64 usage (ArgumentParser's default).
enum Exit {
    static let runtimeError: Int32 = 1
    static let checkError: Int32 = 2
    static let interrupted: Int32 = 130
}

@main
struct NLSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nls",
        abstract: "A statically typed analysis language for neuroimaging machine learning.",
        version: NLSVersion.string,
        subcommands: [Repl.self, Run.self, Check.self, ReportCommand.self, ListBuiltins.self],
        defaultSubcommand: Repl.self
    )
}

struct Repl: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "repl", abstract: "Start the interactive REPL (the default), or run -c SOURCE.")

    @Option(name: .customShort("c"), help: "Run this source text and exit.")
    var source: String?

    @Flag(name: .long, help: "Do not load the prelude.")
    var noPrelude = false

    func run() throws {
        if let src = source {
            let code = runOnBigStack {
                let session = Builtins.makeSession(loadPrelude: !noPrelude)
                return Runner.runSource(SourceFile(name: "<command line>", text: src), session: session)
            }
            throw ExitCode(code)
        }
        let code = runOnBigStack { ReplLoop(session: Builtins.makeSession(loadPrelude: !noPrelude)).run() }
        throw ExitCode(code)
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check, then run a script. Extra arguments are available as `args`.")

    @Option(name: .long, help: ArgumentHelp("Also write a self-contained HTML report of the run (cells, output, figures) to this file.", valueName: "out.html"))
    var report: String?

    @ArgumentParser.Argument(help: "The .nls script.")
    var file: String

    @ArgumentParser.Argument(parsing: .captureForPassthrough, help: "Arguments passed to the script (List[Str] `args`).")
    var scriptArgs: [String] = []

    func validate() throws {
        if let r = report { try ReportCommand.checkOutput(r, script: file) }
    }

    func run() throws {
        throw ExitCode(ScriptRun.run(file, arguments: scriptArgs, report: report))
    }
}

/// `nls run` with or without a report.
enum ScriptRun {
    static func run(_ path: String, arguments: [String], report: String?) -> Int32 {
        if let code = ClusterRun.runIfLaunched(path, arguments: arguments, report: report) { return code }
        return runOnBigStack { () -> Int32 in
            let session = Builtins.makeSession()
            session.defineGlobal("args", type: .list(.str), value: .list(arguments.map { .str($0) }))
            let file: SourceFile
            do { file = try SourceFile.load(path: path) } catch {
                printError("\(error)")
                return Exit.runtimeError
            }
            guard let report = report else { return Runner.runSource(file, session: session) }
            return ReportCommand.runRecorded(file, session: session, to: report)
        }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Parse and type-check a script; run nothing.")

    @ArgumentParser.Argument(help: "The .nls script.")
    var file: String

    func run() throws {
        let code = runOnBigStack { () -> Int32 in
            let session = Builtins.makeSession()
            session.defineGlobal("args", type: .list(.str), value: .list([]))
            do {
                _ = try session.parseAndCheck(try SourceFile.load(path: file))
                return 0
            } catch let d as DiagnosticList {
                printError(d.description)
                printError("\(d.items.count) error\(d.items.count == 1 ? "" : "s") found")
                return Exit.checkError
            } catch {
                printError("\(error)")
                return Exit.checkError
            }
        }
        throw ExitCode(code)
    }
}

struct ListBuiltins: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "builtins", abstract: "List every builtin function, type and setting (Markdown).")

    func run() throws {
        let r = Builtins.makeRegistry()
        func cell(_ s: CustomStringConvertible) -> String { "\(s)".replacingOccurrences(of: "|", with: "\\|") }
        print("| function | signature | what it does |\n|---|---|---|")
        for name in r.overloads.keys.sorted() {
            for f in r.overloads[name]! {
                print("| `\(name)` | `\(cell(f.signature))` | \(cell(String(f.doc.prefix { $0 != "\n" }))) |")
            }
        }
        print("\n| type | methods | attributes |\n|---|---|---|")
        for name in r.types.keys.sorted() {
            let t = r.types[name]!
            print("| `\(name)` | \(t.methods.keys.sorted().joined(separator: ", ")) | \(t.attributes.keys.sorted().joined(separator: ", ")) |")
        }
        print("\n| method | signature | what it does |\n|---|---|---|")
        for name in r.types.keys.sorted() {
            let t = r.types[name]!
            for m in t.methods.keys.sorted() {
                for o in t.methodOverloads[m] ?? [] {
                    print("| `\(name).\(m)` | `\(cell(o.signature))` | \(cell(String(o.doc.prefix { $0 != "\n" }))) |")
                }
            }
            for a in t.attributes.keys.sorted() {
                print("| `\(name).\(a)` | `\(cell(t.attributes[a]!.type))` | \(cell(String(t.attributes[a]!.doc.prefix { $0 != "\n" }))) |")
            }
        }
        print("\n| setting | type | meaning |\n|---|---|---|")
        for name in r.settings.keys.sorted() {
            let s = r.settings[name]!
            print("| `\(name)` | \(cell(s.type)) | \(cell(s.doc)) |")
        }
    }
}

enum Runner {
    /// Runs `file`, printing any error as `nls run` does; `failed` also gets the error
    /// (a report shows it).
    static func runSource(_ file: SourceFile, session: Session, failed: ((Error) -> Void)? = nil) -> Int32 {
        installInterruptHandler()
        AtomicFile.cleanUpOnTermination()
        do {
            try session.run(file)
            fflush(stdout)
            return 0
        } catch {
            failed?(error)
            return report(error)
        }
    }

    /// The exit status for a run that ended with `error`.
    static func status(for error: Error) -> Int32 {
        switch error {
        case is DiagnosticList: return Exit.checkError
        case is InterruptedError: return Exit.interrupted
        default: return Exit.runtimeError
        }
    }

    /// Prints a run's error and gives its exit status.
    static func report(_ error: Error) -> Int32 {
        switch error {
        case let d as DiagnosticList:
            printError(d.description)
            printError("\(d.items.count) error\(d.items.count == 1 ? "" : "s") found; nothing was run")
            return Exit.checkError
        case is InterruptedError:
            printError("interrupted")
            return Exit.interrupted
        default:
            printError("\(error)")
            return Exit.runtimeError
        }
    }
}

/// The interpreter recurses on the native stack; run it on a thread with a large one
/// so that the nls call-depth limit, not the OS, decides when recursion is too deep.
func runOnBigStack(_ body: @escaping () -> Int32) -> Int32 {
    // A box, not a captured var: the thread writes it, and the semaphore orders that
    // write before the read.
    final class ResultBox: @unchecked Sendable { var value: Int32 = 0 }
    let result = ResultBox()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        result.value = body()
        done.signal()
    }
    thread.stackSize = 1 << 29
    thread.start()
    done.wait()
    return result.value
}

enum NLSVersion {
    static let string = "0.1.0"
}
