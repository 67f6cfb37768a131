import Foundation

/// Resolves names to frame slots and checks types before anything runs. Reports all
/// errors of a file at once. One checker lives for a whole session (the REPL keeps
/// its globals between inputs).
public final class TypeChecker {
    let registry: BuiltinRegistry
    let moduleLoader: ModuleLoader
    var scope: FunctionScope
    let globalScope: FunctionScope
    var file: SourceFile!
    var diagnostics: [Diagnostic] = []
    /// Modules already checked (by resolved path), and those being checked (cycle detection).
    var checkedModules: [String: CheckedModule] = [:]
    var modulesInProgress: Set<String> = []
    /// Whether an Array may stand for a scalar argument (off while the exact overloads of
    /// a call are tried first, so `abs(X)` never picks `abs(x: Float)`).
    var scalarConversionAllowed = true

    public init(registry: BuiltinRegistry, moduleLoader: ModuleLoader) {
        self.registry = registry
        self.moduleLoader = moduleLoader
        self.globalScope = FunctionScope(name: "<script>", returnType: .void, parent: nil)
        self.scope = globalScope
    }

    /// Number of global slots declared so far (the interpreter grows its global frame to match).
    public var globalSlotCount: Int { globalScope.slotCount }

    /// Global variables visible now: name, type, slot (for %who, completion).
    public var globals: [(name: String, type: NLSType, slot: Int)] {
        var seen: [String: VarSymbol] = [:]
        for block in globalScope.blocks { for (k, v) in block { seen[k] = v } }
        return seen.map { ($0.key, $0.value.type, $0.value.slot) }.sorted { $0.slot < $1.slot }
    }

    public func globalFunction(_ name: String) -> FunctionDecl? { globalScope.lookupLocal(name)?.function }

    /// Forgets all globals (`%reset`) except those in `keeping` (the prelude's helpers,
    /// `args`). Modules are forgotten too, so importing one again declares its names again
    /// (before, a re-import after %reset found the cached module and declared nothing).
    public func reset(keeping: Set<Int> = []) {
        var kept: [String: VarSymbol] = [:]
        for block in globalScope.blocks { for (k, v) in block where keeping.contains(v.slot) { kept[k] = v } }
        globalScope.blocks = [kept]
        checkedModules = [:]
    }

    /// Checks a module's statements at the top level. Throws all diagnostics at once.
    public func check(_ stmts: [Stmt], file: SourceFile) throws {
        let savedFile = self.file
        let savedDiagnostics = diagnostics
        self.file = file
        diagnostics = []
        defer { self.file = savedFile }
        checkBlock(stmts, newScope: false)
        let found = diagnostics
        diagnostics = savedDiagnostics
        if !found.isEmpty { throw DiagnosticList(found) }
    }

    func error(_ message: String, _ offset: Int) {
        diagnostics.append(Diagnostic(message: message, location: SourceLocation(file: file, offset: offset)))
    }

    // MARK: types

    func resolveType(_ t: TypeExpr) -> NLSType {
        switch t {
        case .optional(let inner): return .optional(resolveType(inner))
        case .union(let ts): return .union(ts.map(resolveType))
        case .function(let ps, let r):
            // Parameters of a function type have no names: arguments are positional.
            return .function(FunctionSignature(params: ps.map { ParamSpec("", resolveType($0)) }, returns: resolveType(r)))
        case .record(let fields, _): return .record(fields.map { RecordField(name: $0.0, type: resolveType($0.1)) })
        case .named(let name, let args, let off):
            let resolvedArgs = args.map(resolveType)
            switch name {
            case "Int": return .int
            case "Float": return .float
            case "Bool": return .bool
            case "Str": return .str
            case "Any": return .any
            case "None": return .none
            case "Void": return .void
            case "Range": return .range
            case "List":
                guard resolvedArgs.count == 1 else { error("List needs one element type, e.g. List[Float]", off); return .any }
                return .list(resolvedArgs[0])
            default:
                if let info = registry.types[name] {
                    if !resolvedArgs.isEmpty && resolvedArgs.count != info.typeParams.count {
                        error("\(name) takes \(info.typeParams.count) type argument(s), got \(resolvedArgs.count)", off)
                    }
                    let filled = resolvedArgs.isEmpty ? info.typeParams.map { _ in NLSType.any } : resolvedArgs
                    return .object(name, filled)
                }
                if registry.protocols[name] != nil { return .protocolType(name) }
                error("unknown type '\(name)'\(suggestion(name, Array(registry.types.keys) + ["Int", "Float", "Bool", "Str", "List", "Any"]))", off)
                return .any
            }
        }
    }

    /// Can a value of type `actual` be used where `expected` is required?
    /// Binds type variables; sets `toFloat` when an Int must be converted.
    func assignable(_ actual: NLSType, to expected: NLSType, bindings: inout [String: NLSType], toFloat: inout Bool) -> Bool {
        if actual == expected { return true }
        switch (actual, expected) {
        case (_, .any), (.any, _): return true
        case (.int, .float): toFloat = true; return true
        case (_, .typeVar(let n)):
            if let bound = bindings[n] { return assignable(actual, to: bound, bindings: &bindings, toFloat: &toFloat) }
            bindings[n] = actual
            return true
        case (.none, .optional): return true
        case (.optional(let a), .optional(let e)): return assignable(a, to: e, bindings: &bindings, toFloat: &toFloat)
        case (_, .optional(let e)): return assignable(actual, to: e, bindings: &bindings, toFloat: &toFloat)
        case (.union(let as_), _):
            return as_.allSatisfy { var f = false; return assignable($0, to: expected, bindings: &bindings, toFloat: &f) }
        case (_, .union(let es)):
            for e in es {
                var b = bindings, f = false
                if assignable(actual, to: e, bindings: &b, toFloat: &f) { bindings = b; toFloat = f; return true }
            }
            return false
        case (.object(let name, _), .protocolType(let p)): return registry.conforms(name, to: p)
        case (.object(let n1, let a1), .object(let n2, let a2)):
            guard n1 == n2, a1.count == a2.count else { return false }
            for (x, y) in zip(a1, a2) { var f = false; if !assignable(x, to: y, bindings: &bindings, toFloat: &f) { return false } }
            return true
        case (.list(let a), .list(let e)):
            var f = false
            let ok = assignable(a, to: e, bindings: &bindings, toFloat: &f)
            return ok && !f  // List[Int] is not silently a List[Float]
        case (.record(let fa), .record(let fe)):
            guard fa.count == fe.count else { return false }
            for (x, y) in zip(fa, fe) {
                var f = false
                guard x.name == y.name, assignable(x.type, to: y.type, bindings: &bindings, toFloat: &f), !f else { return false }
            }
            return true
        case (.function(let sa), .function(let se)):
            return sa.params.count == se.params.count && sa.returns == se.returns
                && zip(sa.params, se.params).allSatisfy { $0.type == $1.type }
        default: return false
        }
    }

    func isAssignable(_ actual: NLSType, to expected: NLSType) -> (ok: Bool, toFloat: Bool) {
        var b: [String: NLSType] = [:], f = false
        let ok = assignable(actual, to: expected, bindings: &b, toFloat: &f)
        return (ok, f)
    }

    // MARK: statements

    func checkBlock(_ stmts: [Stmt], newScope: Bool) {
        if newScope { scope.blocks.append([:]) }
        defer { if newScope { scope.blocks.removeLast() } }
        // Functions of a block are visible to each other (mutual recursion).
        for s in stmts { if case .fnDecl(let decl) = s.kind { declareFunction(decl, stmt: s) } }
        let functions = stmts.filter { if case .fnDecl = $0.kind { return true } else { return false } }
        if !functions.isEmpty { stmts[0].hoistedFunctions = functions }
        for s in stmts { checkStatement(s) }
    }

    func declareFunction(_ decl: FunctionDecl, stmt: Stmt) {
        var params: [ParamSpec] = []
        for p in decl.params {
            let t = p.type.map(resolveType) ?? .any
            params.append(ParamSpec(p.name, t, defaulting: p.defaultValue != nil ? .expression : .required))
        }
        let ret = decl.returnType.map(resolveType) ?? .void
        let sig = FunctionSignature(params: params, returns: ret)
        decl.signature = sig
        if let existing = scope.blocks[scope.blocks.count - 1][decl.name], existing.function != nil, scope !== globalScope {
            error("function '\(decl.name)' is already declared in this block", decl.offset)
        }
        let sym = scope.declare(decl.name, type: .function(sig), mutable: false, offset: decl.offset, function: decl)
        stmt.ref = VarRef(depth: 0, slot: sym.slot)
    }

    // Long by design: one case per statement kind, each a few lines; splitting the switch
    // would scatter the grammar the checker mirrors.
    func checkStatement(_ s: Stmt) {
        switch s.kind {
        case .letDecl(let name, let mutable, let typeExpr, let value):
            var t = checkExpr(value)
            if t == .void { error("this expression has no value to assign to '\(name)'", value.offset) ; t = .any }
            if let te = typeExpr {
                let declared = resolveType(te)
                let (ok, toFloat) = acceptsConverting(t, declared, value)
                if !ok { error("cannot assign a value of type \(t) to '\(name)' of type \(declared)", value.offset) }
                value.toFloat = toFloat
                t = declared
            } else if t == .none {
                error("cannot infer the type of '\(name)' from none; write its type, e.g. let \(name): Float? = none", value.offset)
            }
            let sym = scope.declare(name, type: t, mutable: mutable, offset: s.offset)
            s.ref = VarRef(depth: 0, slot: sym.slot)
        case .assign(let target, let op, let value):
            checkAssignment(target: target, op: op, value: value, offset: s.offset)
        case .expr(let e):
            _ = checkExpr(e)
        case .fnDecl(let decl):
            checkFunctionBody(decl)
        case .ifStmt(let cond, let then, let els):
            expectBool(cond, "'if' condition")
            checkBlock(then, newScope: true)
            if let e = els { checkBlock(e, newScope: true) }
        case .whileStmt(let cond, let body):
            expectBool(cond, "'while' condition")
            scope.loopDepth += 1
            checkBlock(body, newScope: true)
            scope.loopDepth -= 1
        case .forIn(let name, let iterable, let body):
            let it = checkExpr(iterable)
            var elem: NLSType = .any
            switch it {
            case .range: elem = .int
            case .list(let t): elem = t
            case .str: elem = .str
            case .any: elem = .any
            case .object(let n, _):
                if let e = registry.types[n]?.elementType { elem = e } else { error("cannot iterate over a value of type \(it)", iterable.offset) }
            default: error("cannot iterate over a value of type \(it); use a range (0..<n) or a List", iterable.offset)
            }
            scope.blocks.append([:])
            let sym = scope.declare(name, type: elem, mutable: false, offset: s.offset)
            s.ref = VarRef(depth: 0, slot: sym.slot)
            scope.loopDepth += 1
            checkBlock(body, newScope: true)
            scope.loopDepth -= 1
            scope.blocks.removeLast()
        case .returnStmt(let value):
            if scope === globalScope { error("'return' outside of a function", s.offset); return }
            let expected = scope.returnType
            if let v = value {
                let t = checkExpr(v)
                if expected == .void { error("function '\(scope.name)' does not declare a return type; add '-> \(t)'", v.offset) }
                else if !acceptsConverting(t, expected, v).ok { error("'\(scope.name)' returns \(expected), not \(t)", v.offset) }
            } else if expected != .void {
                error("'\(scope.name)' must return a value of type \(expected)", s.offset)
            }
        case .breakStmt, .continueStmt:
            if scope.loopDepth == 0 { error("'\(s.kind.isBreak ? "break" : "continue")' outside of a loop", s.offset) }
        case .importStmt(let path):
            checkImport(path: path, stmt: s)
        case .setting(let name, let value):
            let t = checkExpr(value)
            guard let spec = registry.settings[name] else {
                error("unknown setting '\(name)'\(suggestion(name, Array(registry.settings.keys))); settings: \(registry.settings.keys.sorted().joined(separator: ", "))", s.offset)
                return
            }
            if !isAssignable(t, to: spec.type).ok { error("setting '\(name)' takes \(withArticle(spec.type)), not \(t)", value.offset) }
        case .magic(let name, _, let body, let cell):
            // An empty name was already reported by the lexer ("expected a magic name").
            if !name.isEmpty && registry.magics[name] == nil {
                let prefix = cell ? "%%" : "%"
                error("unknown magic \(prefix)\(name)\(suggestion(prefix + name, registry.magicNames.map { prefix + $0 })); %lsmagic lists them", s.offset)
            } else if cell, let spec = registry.magics[name], !spec.cellMagic {
                // Its handler would ignore the cell body, which then silently never ran.
                let cells = registry.cellMagicNames.map { "%%" + $0 }.joined(separator: ", ")
                error("%\(name) is a line magic, not a cell magic; cell magics: \(cells)", s.offset)
            }
            if let b = body {
                // Timed statements declare their variables in the enclosing scope, as IPython does.
                for st in b { if case .fnDecl(let decl) = st.kind { declareFunction(decl, stmt: st) } }
                for st in b { checkStatement(st) }
            }
        case .cellMarker:
            break
        }
    }

    func checkImport(path: String, stmt: Stmt) {
        guard scope === globalScope, scope.blocks.count == 1 else { error("'import' must be at the top level", stmt.offset); return }
        let resolved: String
        do { resolved = try moduleLoader.resolve(path, from: file) } catch {
            self.error("\(error)", stmt.offset); return
        }
        if let m = checkedModules[resolved] { stmt.module = m; return }
        if modulesInProgress.contains(resolved) { error("circular import of \"\(path)\"", stmt.offset); return }
        var source: SourceFile
        do { source = try SourceFile.load(path: resolved) } catch {
            self.error("cannot import \"\(path)\": \(error)", stmt.offset); return
        }
        // Diagnostics name a module by its path relative to the working directory when it
        // lies below it (`lib/util.nls:3:5`), as the script itself is named, not by an
        // absolute path. Imports inside it are resolved now, relative to that same name.
        let cwd = FileManager.default.currentDirectoryPath
        if resolved.hasPrefix(cwd + "/") {
            source = SourceFile(name: String(resolved.dropFirst(cwd.count + 1)), text: source.text)
        }
        modulesInProgress.insert(resolved)
        defer { modulesInProgress.remove(resolved) }
        let parser = Parser(file: source, statementMagics: registry.statementMagics)
        let stmts = parser.parseProgram()
        if !parser.diagnostics.isEmpty { diagnostics += parser.diagnostics; return }
        let saved = file
        file = source
        checkBlock(stmts, newScope: false)
        file = saved
        let module = CheckedModule(file: source, statements: stmts)
        checkedModules[resolved] = module
        stmt.module = module
    }

    func expectBool(_ e: Expr, _ what: String) {
        let t = checkExpr(e)
        if t != .bool && t != .any && !acceptsConverting(t, .bool, e).ok { error("\(what) must be a Bool, not \(t)", e.offset) }
    }

    func checkFunctionBody(_ decl: FunctionDecl) {
        guard let sig = decl.signature else { return }
        // Defaults are evaluated in the defining scope.
        for (i, p) in decl.params.enumerated() {
            if let d = p.defaultValue {
                let t = checkExpr(d)
                if !isAssignable(t, to: sig.params[i].type).ok {
                    error("default value of '\(p.name)' has type \(t), not \(sig.params[i].type)", d.offset)
                }
            }
        }
        let fnScope = FunctionScope(name: decl.name, returnType: sig.returns, parent: scope)
        var seen = Set<String>()
        for (i, p) in decl.params.enumerated() {
            if !seen.insert(p.name).inserted { error("duplicate parameter '\(p.name)'", p.offset) }
            _ = fnScope.declare(p.name, type: sig.params[i].type, mutable: false, offset: p.offset)
        }
        let saved = scope
        scope = fnScope
        checkBlock(decl.body, newScope: false)
        scope = saved
        decl.slotCount = fnScope.slotCount
        if sig.returns != .void && !alwaysReturns(decl.body) {
            error("function '\(decl.name)' may end without returning \(withArticle(sig.returns))", decl.offset)
        }
    }

    func alwaysReturns(_ stmts: [Stmt]) -> Bool {
        guard let last = stmts.last else { return false }
        switch last.kind {
        case .returnStmt: return true
        case .ifStmt(_, let then, let els): return alwaysReturns(then) && (els.map(alwaysReturns) ?? false)
        case .whileStmt(let cond, _): if case .boolLit(true) = cond.kind { return true }; return false
        default: return false
        }
    }

    func checkAssignment(target: Expr, op: AssignOp, value: Expr) {
        checkAssignment(target: target, op: op, value: value, offset: target.offset)
    }

    func checkAssignment(target: Expr, op: AssignOp, value: Expr, offset: Int) {
        var baseName: Expr = target
        if case .index(let base, _) = target.kind { baseName = base }
        guard case .name(let name) = baseName.kind else {
            error("only a variable or a subscript of a variable can be assigned", target.offset); return
        }
        guard let (sym, depth) = lookup(name) else {
            error("unknown name '\(name)'\(suggestion(name, visibleNames())); declare it with 'var \(name) = …'", baseName.offset)
            _ = checkExpr(value)
            return
        }
        if !sym.mutable {
            error("cannot assign to '\(name)': it is declared with 'let' (use 'var' to make it mutable)", baseName.offset)
        }
        baseName.ref = VarRef(depth: depth, slot: sym.slot)
        baseName.type = sym.type
        // A Float variable stores Int results as Float (checked once here, not per assignment).
        baseName.toFloat = sym.type == .float
        let targetType = checkExpr(target)
        let valueType = checkExpr(value)
        var resultType = valueType
        if op != .assign {
            let sym: Symbol = op == .add ? .plus : op == .sub ? .minus : op == .mul ? .star : .slash
            let (t, impl) = binaryResult(sym, targetType, valueType, offset: offset)
            resultType = t
            // Stash the operator implementation on the value expression's sibling: the
            // assignment statement re-uses the target expression node for it.
            target.callPlan = nil
            target.binaryImpl = impl
        }
        if case .index(let base, let comps) = target.kind, case .object(let tn, _) = base.type {
            if let spec = registry.types[tn]?.subscriptSpec, spec.set != nil {
                if let vt = spec.valueType, !isAssignable(resultType, to: vt).ok {
                    error("cannot store \(withArticle(resultType)) into \(tn)[…]; expected \(vt)", value.offset)
                }
            } else {
                error("values of type \(tn) cannot be assigned through a subscript", target.offset)
            }
            _ = comps
            return
        }
        let (assignOK, toFloat) = acceptsConverting(resultType, targetType, target)
        value.toFloat = toFloat && op == .assign
        if !assignOK {
            error("cannot assign a value of type \(resultType) to '\(name)\(target === baseName ? "" : "[…]")' of type \(targetType)", value.offset)
        }
    }

    // MARK: names

    func lookup(_ name: String) -> (VarSymbol, Int)? {
        var depth = 0
        var s: FunctionScope? = scope
        while let cur = s {
            if let sym = cur.lookupLocal(name) { return (sym, depth) }
            depth += 1
            s = cur.parent
        }
        return nil
    }

    func visibleNames() -> [String] {
        var names = Array(registry.functions.keys)
        var s: FunctionScope? = scope
        while let cur = s { for b in cur.blocks { names += b.keys }; s = cur.parent }
        return names
    }

    func suggestion(_ name: String, _ candidates: [String]) -> String {
        var best: (String, Int)?
        let capitalised = name.first?.isUppercase ?? false
        for c in candidates {
            var d = editDistance(name.lowercased(), c.lowercased())
            // A capitalised name is most likely a type (`SVC`), a lower-case one a function
            // or variable: a change of the first letter's case costs one edit more, so
            // `SVC` does not suggest `svd` (only `ridge` → `Ridge`, differing in case alone).
            if d > 0, capitalised != (c.first?.isUppercase ?? false) { d += 1 }
            // One edit for names of 2+ characters (more for long ones); a one-letter name
            // only matches case-insensitively (`c` should not suggest `f`).
            let limit = name.count >= 3 ? max(1, name.count / 3) : name.count - 1
            if d <= limit, best == nil || d < best!.1 { best = (c, d) }
        }
        return best.map { "; did you mean '\($0.0)'?" } ?? ""
    }
}

extension Stmt.Kind {
    var isBreak: Bool { if case .breakStmt = self { return true } else { return false } }
}

/// "an Int", "a Float": the article before a type name in messages.
func withArticle(_ t: NLSType) -> String {
    let d = t.description
    return ("AEIOU".contains(d.first ?? "x") ? "an " : "a ") + d
}

/// Edit distance counting a swap of two neighbouring characters as one edit (optimal
/// string alignment), so typos like `coutn` → `count` or `Flaot` → `Float` get a suggestion.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev2 = [Int](repeating: 0, count: b.count + 1)
    var prev = Array(0...b.count)
    for i in 1...a.count {
        var cur = [i] + [Int](repeating: 0, count: b.count)
        for j in 1...b.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] { cur[j] = min(cur[j], prev2[j - 2] + 1) }
        }
        prev2 = prev
        prev = cur
    }
    return prev[b.count]
}
