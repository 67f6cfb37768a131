import Foundation

/// One running program: its builtins, checker and interpreter. Scripts, `-c` and the
/// REPL all run through a session; the REPL keeps one for its lifetime.
public final class Session {
    public let registry: BuiltinRegistry
    public let checker: TypeChecker
    public let interpreter: Interpreter
    public let moduleLoader: ModuleLoader
    public var output: Output { didSet { interpreter.output = output } }
    /// REPL hooks: `%history`, `%load`.
    public var historyProvider: (() -> [String])?
    public var loadHandler: ((String) -> Void)?
    /// Asks the user a yes/no question (the interactive REPL sets it); nil where nobody
    /// can answer, and magics then proceed as IPython does without stdin (`%reset`).
    public var confirm: ((String) -> Bool)?
    /// Where cell boundaries and their timings are reported (report mode).
    public var cellObserver: ((CellEvent) -> Void)? {
        get { interpreter.cellObserver }
        set { interpreter.cellObserver = newValue }
    }
    /// Nesting of `%run` inside scripts run by `%run` (bounded by FileMagics).
    var runDepth = 0

    public init(registry: BuiltinRegistry, moduleLoader: ModuleLoader = ModuleLoader(), output: Output = .stdout) {
        self.registry = registry
        self.moduleLoader = moduleLoader
        self.checker = TypeChecker(registry: registry, moduleLoader: moduleLoader)
        self.interpreter = Interpreter(registry: registry, file: SourceFile(name: "<session>", text: ""))
        self.output = output
        interpreter.output = output
        for (name, spec) in registry.settings where interpreter.settings[name] == nil {
            if let d = registry.settingDefaults[name] { interpreter.settings[name] = d } else { _ = spec }
        }
        interpreter.magicHandler = { [unowned self] name, args, body, cell, _ in
            // The checker rejected unknown names; this guards hand-built statements.
            guard let spec = self.registry.magics[name] else { throw RuntimeError("unknown magic %\(name); %lsmagic lists them") }
            try spec.handler(MagicInvocation(name: name, args: args, body: body, cell: cell, session: self))
        }
    }

    /// Declares a global visible to all later code (e.g. `args` of a script).
    public func defineGlobal(_ name: String, type: NLSType, value: Value) {
        let sym = checker.globalScope.declare(name, type: type, mutable: false, offset: 0)
        interpreter.ensureGlobals(checker.globalSlotCount)
        interpreter.globals.slots[sym.slot] = value
    }

    /// Parses and checks a whole file; throws every diagnostic at once.
    public func parseAndCheck(_ file: SourceFile) throws -> [Stmt] {
        let parser = Parser(file: file, statementMagics: registry.statementMagics)
        let stmts = parser.parseProgram()
        if !parser.diagnostics.isEmpty {
            // Still type-check what parsed, so one run reports as much as possible.
            var all = parser.diagnostics
            do { try checker.check(stmts, file: file) } catch let list as DiagnosticList { all += list.items }
            throw DiagnosticList(all.sorted { $0.location?.offset ?? 0 < $1.location?.offset ?? 0 })
        }
        try checker.check(stmts, file: file)
        return stmts
    }

    /// Checks then runs a file at the top level of this session.
    public func run(_ file: SourceFile) throws {
        let stmts = try parseAndCheck(file)
        interpreter.ensureGlobals(checker.globalSlotCount)
        try interpreter.run(stmts, file: file)
    }

    /// REPL input: checks and runs it, returning the value of a final expression.
    ///
    /// An input that fails leaves no half-declared names behind: after a check error none
    /// of its declarations exist, and after a run-time error only those of the statements
    /// that ran do. (Before, `let z = 1; print(typo)` left `z` declared but never set, and
    /// `z` then echoed `none : Int` — a value its type does not allow.)
    public func evaluate(_ file: SourceFile) throws -> (Value, NLSType)? {
        let before = checker.globalScope.blocks
        let stmts: [Stmt]
        do { stmts = try parseAndCheck(file) } catch {
            checker.globalScope.blocks = before
            throw error
        }
        interpreter.ensureGlobals(checker.globalSlotCount)
        do {
            return try interpreter.runREPL(stmts, file: file)
        } catch {
            forgetDeclarations(of: stmts.dropFirst(interpreter.replCompleted), restoring: before)
            throw error
        }
    }

    /// Removes the global names declared by `stmts` (which did not run), bringing back
    /// what those names meant before the input.
    func forgetDeclarations(of stmts: ArraySlice<Stmt>, restoring before: [[String: VarSymbol]]) {
        var names: [String] = []
        func collect(_ s: Stmt) {
            switch s.kind {
            case .letDecl(let name, _, _, _): names.append(name)
            case .fnDecl(let decl): names.append(decl.name)
            case .magic(_, _, let body?, _): body.forEach(collect)
            default: break
            }
        }
        stmts.forEach(collect)
        guard !names.isEmpty else { return }
        let old = before.last ?? [:]
        var top = checker.globalScope.blocks[checker.globalScope.blocks.count - 1]
        for n in names { top[n] = old[n] }
        checker.globalScope.blocks[checker.globalScope.blocks.count - 1] = top
    }

    /// Imports the prelude silently (every session starts with it).
    public func loadPrelude() {
        guard (try? moduleLoader.resolve("prelude", from: nil)) != nil else { return }
        let file = SourceFile(name: "<prelude>", text: "import \"prelude\"\n")
        do { try run(file) } catch { printError("warning: the prelude failed to load: \(error)") }
        // Like IPython's startup namespace, the prelude's names are hidden from %who/%whos.
        hiddenGlobalSlots.formUnion(checker.globals.map(\.slot))
    }

    /// Global slots not listed by %who/%whos (the prelude's helpers).
    public var hiddenGlobalSlots = Set<Int>()

    /// The user's global variables, as %who and %whos list them.
    public var userGlobals: [(name: String, type: NLSType, slot: Int)] {
        checker.globals.filter { !$0.name.hasPrefix("_") && $0.name != "args" && !hiddenGlobalSlots.contains($0.slot) }
    }

    public func setting(_ name: String) -> Value { interpreter.settings[name] ?? .none }
}
