import Foundation

/// Executes checked statements. Every failure becomes a `Diagnostic` carrying the
/// source position and the nls call stack; no Swift trap is reachable from a script.
public final class Interpreter {
    public let registry: BuiltinRegistry
    public var globals: Frame
    public var output: Output = .stdout
    public var settings: [String: Value] = [:]
    /// Handles `%magic` statements (set by the session, which knows about the REPL).
    public var magicHandler: ((_ name: String, _ args: String, _ body: [Stmt]?, _ cell: Bool, _ offset: Int) throws -> Void)?
    /// Told where each `# %%` cell of a script starts and finishes (report mode).
    public var cellObserver: ((CellEvent) -> Void)?
    var runningCells = false
    var currentFile: SourceFile
    var callStack: [(name: String, site: SourceLocation)] = []
    public var maxCallDepth = 1000
    var executedModules = Set<ObjectIdentifier>()

    public init(registry: BuiltinRegistry, file: SourceFile) {
        self.registry = registry
        self.globals = Frame(size: 0, parent: nil)
        self.currentFile = file
    }

    /// Grows the global frame after the checker declared new globals.
    public func ensureGlobals(_ count: Int) {
        if globals.slots.count < count {
            globals.slots.append(contentsOf: [Value](repeating: .none, count: count - globals.slots.count))
        }
    }

    public func global(slot: Int) -> Value { slot < globals.slots.count ? globals.slots[slot] : .none }

    // MARK: errors

    func fail(_ message: String, _ offset: Int) -> Diagnostic {
        var d = Diagnostic(message: message, location: SourceLocation(file: currentFile, offset: offset))
        d.callStack = callStack.reversed().map { "in \($0.name), called at \($0.site.short)" }
        return d
    }

    /// Wraps an error thrown by a builtin with the position of the call.
    func wrap(_ error: Error, _ offset: Int) -> Error {
        if error is Diagnostic || error is InterruptedError { return error }
        // Library work stopped by the interrupt flag (a NIfTI read, an executor's loop).
        if error is CancellationError { return InterruptedError() }
        return fail("\(error)", offset)
    }

    // MARK: statements

    public func run(_ stmts: [Stmt], file: SourceFile) throws {
        let saved = currentFile
        currentFile = file
        defer { currentFile = saved }
        // Only the outermost script reports cells; imports and %run inside it do not.
        if let observer = cellObserver, !runningCells, stmts.contains(where: { if case .cellMarker = $0.kind { return true }; return false }) {
            runningCells = true
            defer { runningCells = false }
            try runCells(stmts, observer)
            return
        }
        _ = try execBlock(stmts, globals)
    }

    /// How many top-level statements of the last REPL input ran to completion (the session
    /// forgets the declarations of those that did not run when an input fails).
    public internal(set) var replCompleted = 0

    /// Runs the statements of a REPL input, returning the value of a final expression statement.
    public func runREPL(_ stmts: [Stmt], file: SourceFile) throws -> (Value, NLSType)? {
        let saved = currentFile
        currentFile = file
        defer { currentFile = saved }
        replCompleted = 0
        if let fns = stmts.first?.hoistedFunctions { for f in fns { _ = try exec(f, globals) } }
        guard let last = stmts.last, case .expr(let e) = last.kind else {
            for s in stmts { _ = try exec(s, globals); replCompleted += 1 }
            return nil
        }
        for s in stmts.dropLast() { _ = try exec(s, globals); replCompleted += 1 }
        if case .call = e.kind, e.type == .void { _ = try eval(e, globals); return nil }
        let v = try eval(e, globals)
        return (v, e.type)
    }

    func execBlock(_ stmts: [Stmt], _ frame: Frame) throws -> Flow {
        if let fns = stmts.first?.hoistedFunctions { for f in fns { _ = try exec(f, frame) } }
        for s in stmts {
            let flow = try exec(s, frame)
            if case .normal = flow { continue }
            return flow
        }
        return .normal
    }

    // Long by design: one case per statement kind, kept in one switch so the hot dispatch
    // of the tree walker stays a single jump.
    func exec(_ s: Stmt, _ frame: Frame) throws -> Flow {
        switch s.kind {
        case .letDecl(_, _, _, let value):
            var v = try eval(value, frame)
            if value.toFloat, case .int(let i) = v { v = .float(Double(i)) }
            if let st = value.scalarTarget { v = try convertScalar(v, to: st, value.offset) }
            frame.slots[s.ref!.slot] = v
        case .assign(let target, let op, let value):
            try execAssign(target, op, value, frame)
        case .expr(let e):
            _ = try eval(e, frame)
        case .fnDecl(let decl):
            frame.slots[s.ref!.slot] = .function(FunctionValue(decl: decl, signature: decl.signature!, closure: frame, file: currentFile))
        case .ifStmt(let cond, let then, let els):
            if try evalBool(cond, frame) { return try execBlock(then, frame) }
            if let e = els { return try execBlock(e, frame) }
        case .whileStmt(let cond, let body):
            while try evalBool(cond, frame) {
                if Interrupt.requested { throw InterruptedError() }
                switch try execBlock(body, frame) {
                case .breakLoop: return .normal
                case .returned(let v): return .returned(v)
                default: continue
                }
            }
        case .forIn(_, let iterable, let body):
            let slot = s.ref!.slot
            let it = try eval(iterable, frame)
            switch it {
            case .range(let lo, let hi):
                var i = lo
                while i < hi {
                    if Interrupt.requested { throw InterruptedError() }
                    frame.slots[slot] = .int(i)
                    switch try execBlock(body, frame) {
                    case .breakLoop: return .normal
                    case .returned(let v): return .returned(v)
                    default: break
                    }
                    i += 1
                }
            default:
                let items: [Value]
                switch it {
                case .list(let xs): items = xs
                case .str(let str): items = str.map { .str(String($0)) }
                case .object(let o):
                    guard let iter = registry.types[o.typeName]?.iterate else { throw fail("cannot iterate over \(o.type)", iterable.offset) }
                    do { items = try iter(it) } catch { throw wrap(error, iterable.offset) }
                default: throw fail("cannot iterate over this value", iterable.offset)
                }
                for item in items {
                    if Interrupt.requested { throw InterruptedError() }
                    frame.slots[slot] = item
                    switch try execBlock(body, frame) {
                    case .breakLoop: return .normal
                    case .returned(let v): return .returned(v)
                    default: break
                    }
                }
            }
        case .returnStmt(let value):
            guard let value = value else { return .returned(.none) }
            let v = try eval(value, frame)
            if let st = value.scalarTarget { return .returned(try convertScalar(v, to: st, value.offset)) }
            return .returned(v)
        case .breakStmt: return .breakLoop
        case .continueStmt: return .continueLoop
        case .importStmt:
            guard let m = s.module else { return .normal }
            let id = ObjectIdentifier(m)
            if executedModules.contains(id) { return .normal }
            executedModules.insert(id)
            try run(m.statements, file: m.file)
        case .setting(let name, let value):
            let v = try eval(value, frame)
            try applySetting(name, v, offset: value.offset)
        case .magic(let name, let args, let body, let cell):
            guard let handler = magicHandler else { throw fail("magics are not available here", s.offset) }
            do { try handler(name, args, body, cell, s.offset) } catch { throw wrap(error, s.offset) }
        case .cellMarker:
            break
        }
        return .normal
    }

    /// What builtins called from here see of the program.
    public var callContext: CallContext { CallContext(settings: settings, output: output) }

    public func applySetting(_ name: String, _ value: Value, offset: Int) throws {
        guard let spec = registry.settings[name] else { throw fail("unknown setting '\(name)'", offset) }
        var v = value
        if spec.type == .float, case .int(let i) = v { v = .float(Double(i)) }
        do { v = try spec.validate(v) } catch { throw wrap(error, offset) }
        settings[name] = v
        spec.didChange?(v)
    }

    func execAssign(_ target: Expr, _ op: AssignOp, _ valueExpr: Expr, _ frame: Frame) throws {
        switch target.kind {
        case .name:
            let ref = target.ref!
            let f = frame.frame(at: ref.depth)
            if try appendInPlace(target, op, valueExpr, f, frame) { return }
            var v = try eval(valueExpr, frame)
            if op != .assign {
                if target.binaryImpl == nil, op == .add, try extendInPlace(f, ref.slot, v, valueExpr.offset) { return }
                let cur = f.slots[ref.slot]
                v = try combine(op, cur, v, target, valueExpr.offset)
            }
            if target.toFloat, case .int(let i) = v { v = .float(Double(i)) }
            if let st = target.scalarTarget { v = try convertScalar(v, to: st, valueExpr.offset) }
            f.slots[ref.slot] = v
        case .index(let base, let comps):
            let ref = base.ref!
            let f = frame.frame(at: ref.depth)
            let container = f.slots[ref.slot]
            let idx = try evalIndices(comps, frame)
            var v = try eval(valueExpr, frame)
            if op != .assign {
                let cur = try getIndex(container, idx, target)
                v = try combine(op, cur, v, target, valueExpr.offset)
            }
            if let st = target.scalarTarget { v = try convertScalar(v, to: st, valueExpr.offset) }
            // Release the variable's reference first so copy-on-write can mutate in place.
            f.slots[ref.slot] = .none
            do {
                f.slots[ref.slot] = try setIndex(container, idx, v, target)
            } catch {
                f.slots[ref.slot] = container
                throw error
            }
        default:
            throw fail("cannot assign to this expression", target.offset)
        }
    }

    /// `xs = append(xs, item)` appends to the variable's own storage: the slot gives up
    /// its reference first, so the list is uniquely referenced and grows in amortised
    /// O(1) instead of being copied by every call.
    func appendInPlace(_ target: Expr, _ op: AssignOp, _ valueExpr: Expr, _ f: Frame, _ frame: Frame) throws -> Bool {
        guard op == .assign, case .call(_, let args) = valueExpr.kind, args.count == 2,
              let plan = valueExpr.callPlan, case .builtin(let b) = plan.target, b.name == "append",
              plan.sources.count == 2, case .argument(0) = plan.sources[0], case .argument(1) = plan.sources[1],
              case .name = args[0].value.kind, let r = args[0].value.ref, let t = target.ref,
              r.depth == t.depth, r.slot == t.slot, case .list = f.slots[t.slot] else { return false }
        var item = try eval(args[1].value, frame)
        if args[1].value.toFloat || plan.toFloat[1], case .int(let i) = item { item = .float(Double(i)) }
        if let st = args[1].value.scalarTarget { item = try convertScalar(item, to: st, args[1].value.offset) }
        guard var xs = Self.takeList(&f.slots[t.slot]) else { return false }
        do {
            try checkSize(count: xs.count &+ 1, elementBytes: MemoryLayout<Value>.stride, "append", valueExpr.offset)
        } catch {
            f.slots[t.slot] = .list(xs)
            throw error
        }
        xs.append(item)
        f.slots[t.slot] = .list(xs)
        return true
    }

    /// `s += t` on strings and `xs += ys` on lists extend the variable's own storage.
    func extendInPlace(_ f: Frame, _ slot: Int, _ v: Value, _ offset: Int) throws -> Bool {
        // Sizes are read without binding the slot's payload: a binding alive during the
        // take would hold a second reference and force the copy this avoids.
        if case .str(let t) = v, let n = Self.stringBytes(f.slots[slot]) {
            try checkString(bytes: n &+ t.utf8.count, offset)
            guard var s = Self.takeString(&f.slots[slot]) else { return false }
            s += t
            f.slots[slot] = .str(s)
            return true
        }
        if case .list(let ys) = v, let n = Self.listCount(f.slots[slot]) {
            try checkSize(count: n &+ ys.count, elementBytes: MemoryLayout<Value>.stride, "list concatenation", offset)
            guard var xs = Self.takeList(&f.slots[slot]) else { return false }
            xs.append(contentsOf: ys)
            f.slots[slot] = .list(xs)
            return true
        }
        return false
    }

    static func stringBytes(_ v: Value) -> Int? { if case .str(let s) = v { return s.utf8.count }; return nil }
    static func listCount(_ v: Value) -> Int? { if case .list(let xs) = v { return xs.count }; return nil }

    /// Moves a list out of a slot, leaving `.none`, so the caller holds the only reference.
    static func takeList(_ v: inout Value) -> [Value]? {
        guard case .list(let xs) = v else { return nil }
        v = .none
        return xs
    }

    static func takeString(_ v: inout Value) -> String? {
        guard case .str(let s) = v else { return nil }
        v = .none
        return s
    }

    func combine(_ op: AssignOp, _ a: Value, _ b: Value, _ target: Expr, _ offset: Int) throws -> Value {
        let sym: Symbol = op == .add ? .plus : op == .sub ? .minus : op == .mul ? .star : .slash
        if let impl = target.binaryImpl {
            do { return try impl(a, b, callContext) } catch { throw wrap(error, offset) }
        }
        return try primitiveBinary(sym, a, b, offset)
    }

    // MARK: expressions

    func evalBool(_ e: Expr, _ frame: Frame) throws -> Bool {
        var v = try eval(e, frame)
        if let st = e.scalarTarget { v = try convertScalar(v, to: st, e.offset) }
        guard case .bool(let b) = v else { throw fail("condition is not a Bool", e.offset) }
        return b
    }

    func eval(_ e: Expr, _ frame: Frame) throws -> Value {
        switch e.kind {
        case .intLit(let i): return e.toFloat ? .float(Double(i)) : .int(i)
        case .floatLit(let d): return .float(d)
        case .boolLit(let b): return .bool(b)
        case .noneLit: return .none
        case .name(let n):
            if let ref = e.ref {
                let v = frame.frame(at: ref.depth).slots[ref.slot]
                if e.toFloat, case .int(let i) = v { return .float(Double(i)) }
                return v
            }
            if let b = registry.functions[n] { return .function(FunctionValue(builtin: b)) }
            throw fail("unknown name '\(n)'", e.offset)
        case .string(let parts):
            var s = ""
            for p in parts {
                switch p {
                case .text(let t): s += t
                case .expr(let x): s += try eval(x, frame).display
                }
            }
            return .str(s)
        case .list(let items):
            return .list(try items.map { try eval($0, frame) })
        case .record(let fields):
            return .record(RecordValue(names: fields.map(\.0), values: try fields.map { try eval($0.1, frame) }))
        case .unary(let op, let x):
            let v = try eval(x, frame)
            if let impl = e.unaryImpl { do { return try impl(v) } catch { throw wrap(error, e.offset) } }
            switch (op, v) {
            case (.minus, .int(let i)):
                let (r, o) = (0).subtractingReportingOverflow(i)
                if o { throw fail("integer overflow in -(\(i))", e.offset) }
                return .int(r)
            case (.minus, .float(let d)): return .float(-d)
            case (.bang, .bool(let b)): return .bool(!b)
            default: throw fail("operator '\(op.rawValue)' cannot be applied to \(v.repr)", e.offset)
            }
        case .binary(let op, let l, let r):
            let a = try eval(l, frame)
            let b = try eval(r, frame)
            if let impl = e.binaryImpl { do { return try impl(a, b, callContext) } catch { throw wrap(error, e.offset) } }
            return try primitiveBinary(op, a, b, e.offset)
        case .logical(let isAnd, let l, let r):
            let a = try evalBool(l, frame)
            if isAnd { return .bool(a ? try evalBool(r, frame) : false) }
            return .bool(a ? true : try evalBool(r, frame))
        case .range(let lo, let hi, let closed):
            guard case .int(let a) = try eval(lo, frame), case .int(let b) = try eval(hi, frame) else {
                throw fail("range bounds must be Int", e.offset)
            }
            if closed {
                if b == Int.max { throw fail("range upper bound is too large", e.offset) }
                return .range(a, b + 1)
            }
            return .range(a, b)
        case .member(let base, let name):
            let v = try eval(base, frame)
            if let attr = e.attribute { do { return try attr.get(v) } catch { throw wrap(error, e.offset) } }
            if case .record(let r) = v, let f = r[name] { return f }
            throw fail("no attribute '\(name)'", e.offset)
        case .index(let base, let comps):
            let container = try eval(base, frame)
            let idx = try evalIndices(comps, frame)
            return try getIndex(container, idx, e)
        case .call(let callee, let args):
            return try evalCall(e, callee, args, frame)
        }
    }

    // MARK: indexing

    func evalIndices(_ comps: [IndexComponent], _ frame: Frame) throws -> [IndexValue] {
        try comps.map { c -> IndexValue in
            switch c {
            case .single(let x):
                var v = try eval(x, frame)
                if let st = x.scalarTarget { v = try convertScalar(v, to: st, x.offset) }
                if case .int(let i) = v { return .int(i) }
                return .value(v)
            case .slice(let a, let b, let st):
                func opt(_ x: Expr?) throws -> Int? {
                    guard let x = x else { return nil }
                    guard case .int(let i) = try eval(x, frame) else { throw fail("slice bounds must be Int", x.offset) }
                    return i
                }
                let step = try opt(st)
                if step == 0 { throw fail("slice step cannot be zero", st!.offset) }
                return .slice(start: try opt(a), stop: try opt(b), step: step)
            }
        }
    }

    func getIndex(_ container: Value, _ idx: [IndexValue], _ e: Expr) throws -> Value {
        switch container {
        case .list(let xs):
            return try indexSequence(xs.count, idx, e, single: { xs[$0] }, slice: { .list($0.map { xs[$0] }) })
        case .str(let s):
            let chars = Array(s)
            return try indexSequence(chars.count, idx, e, single: { .str(String(chars[$0])) }, slice: { .str(String($0.map { chars[$0] })) })
        default:
            // Objects, and scalars where the checker saw an object (an element of an Array).
            guard let spec = e.subscriptSpec else { throw fail("this value cannot be indexed", e.offset) }
            do { return try spec.get(container, idx) } catch { throw wrap(error, e.offset) }
        }
    }

    func indexSequence(_ count: Int, _ idx: [IndexValue], _ e: Expr, single: (Int) -> Value, slice: ([Int]) -> Value) throws -> Value {
        guard idx.count == 1 else { throw fail("expected one index", e.offset) }
        switch idx[0] {
        case .int(let i):
            let j = i < 0 ? i + count : i
            guard j >= 0 && j < count else { throw fail("index \(i) out of range for length \(count)", e.offset) }
            return single(j)
        case .slice(let a, let b, let st):
            return slice(sliceIndices(count: count, start: a, stop: b, step: st ?? 1))
        case .value(let v):
            throw fail("index must be an Int or a slice, not \(v.repr)", e.offset)
        }
    }

    func setIndex(_ container: Value, _ idx: [IndexValue], _ v: Value, _ e: Expr) throws -> Value {
        switch container {
        case .list(var xs):
            guard idx.count == 1, case .int(let i) = idx[0] else { throw fail("list assignment takes one Int index", e.offset) }
            let j = i < 0 ? i + xs.count : i
            guard j >= 0 && j < xs.count else { throw fail("index \(i) out of range for length \(xs.count)", e.offset) }
            var value = v
            if case .int(let n) = v, case .float = xs[j] { value = .float(Double(n)) }
            xs[j] = value
            return .list(xs)
        case .object:
            guard case .index(let base, _) = e.kind, case .object(let tn, _) = base.type,
                  let spec = registry.types[tn]?.subscriptSpec, let set = spec.set else {
                throw fail("this value cannot be assigned through a subscript", e.offset)
            }
            do { return try set(container, idx, v) } catch { throw wrap(error, e.offset) }
        default:
            throw fail("this value cannot be assigned through a subscript", e.offset)
        }
    }

    // MARK: calls

    func evalCall(_ e: Expr, _ callee: Expr, _ args: [Argument], _ frame: Frame) throws -> Value {
        guard let plan = e.callPlan else { throw fail("cannot call this value", e.offset) }
        if Interrupt.requested { throw InterruptedError() }
        var argValues = [Value]()
        argValues.reserveCapacity(args.count)
        for a in args {
            var v = try eval(a.value, frame)
            if a.value.toFloat, case .int(let i) = v { v = .float(Double(i)) }
            if let st = a.value.scalarTarget { v = try convertScalar(v, to: st, a.value.offset) }
            argValues.append(v)
        }
        switch plan.target {
        case .builtin(let b):
            let values = try fill(plan, argValues, defaults: b.signature.params, fn: nil)
            do {
                return try b.impl(Args(values: values, names: plan.paramNames, rest: plan.rest.map { argValues[$0] }, location: SourceLocation(file: currentFile, offset: e.offset), context: callContext))
            } catch { throw wrap(error, e.offset) }
        case .method(let m, let receiver):
            let recv = try eval(receiver, frame)
            let values = try fill(plan, argValues, defaults: m.signature.params, fn: nil)
            do {
                return try m.impl(recv, Args(values: values, names: plan.paramNames, rest: plan.rest.map { argValues[$0] }, location: SourceLocation(file: currentFile, offset: e.offset), context: callContext))
            } catch { throw wrap(error, e.offset) }
        case .value:
            guard case .function(let fv) = try eval(callee, frame) else { throw fail("this value is not a function", callee.offset) }
            return try callFunction(fv, plan: plan, argValues: argValues, offset: e.offset)
        }
    }

    func fill(_ plan: CallPlan, _ argValues: [Value], defaults: [ParamSpec], fn: FunctionValue?, offset: Int = 0) throws -> [Value] {
        var values = [Value]()
        values.reserveCapacity(plan.sources.count)
        for (i, src) in plan.sources.enumerated() {
            switch src {
            case .argument(let ai):
                var v = argValues[ai]
                if plan.toFloat[i], case .int(let n) = v { v = .float(Double(n)) }
                values.append(v)
            case .defaultValue:
                if let fn = fn, let decl = fn.decl, let d = decl.params[i].defaultValue {
                    // A default is evaluated on behalf of the call, so it counts towards the
                    // call depth (`fn f(x: Int = f())` must hit the limit, not the native stack).
                    if callStack.count >= maxCallDepth {
                        throw fail("maximum call depth (\(maxCallDepth)) exceeded in the default value of parameter '\(decl.params[i].name)' of '\(decl.name)'; is the recursion unbounded?", offset)
                    }
                    callStack.append((decl.name, SourceLocation(file: currentFile, offset: offset)))
                    let saved = currentFile
                    currentFile = fn.file ?? currentFile
                    defer { callStack.removeLast(); currentFile = saved }
                    var v = try eval(d, fn.closure!)
                    if case .int(let n) = v, fn.signature.params[i].type == .float { v = .float(Double(n)) }
                    values.append(v)
                } else {
                    values.append(i < defaults.count ? defaults[i].defaultValue ?? .none : .none)
                }
            }
        }
        return values
    }

    /// Calls a function value (user or builtin) with arguments matched by `plan`.
    func callFunction(_ fv: FunctionValue, plan: CallPlan, argValues: [Value], offset: Int) throws -> Value {
        if let b = fv.builtin {
            let values = try fill(plan, argValues, defaults: b.signature.params, fn: nil)
            do {
                // The builtin's own parameter names: the plan's may come from a function
                // type (`(Float) -> Float`), whose parameters are unnamed.
                return try b.impl(Args(values: values, names: b.signature.params.map(\.name), rest: plan.rest.map { argValues[$0] }, location: SourceLocation(file: currentFile, offset: offset), context: callContext))
            } catch { throw wrap(error, offset) }
        }
        guard let decl = fv.decl, let closure = fv.closure else { throw fail("cannot call this function", offset) }
        let values = try fill(plan, argValues, defaults: fv.signature.params, fn: fv, offset: offset)
        return try invoke(fv, decl: decl, closure: closure, values: values, offset: offset)
    }

    /// Calls a user function with values in parameter order (also used by builtins such as `map`).
    public func call(_ fv: FunctionValue, _ values: [Value]) throws -> Value {
        if let b = fv.builtin {
            return try b.impl(Args(values: values, names: b.signature.params.map(\.name), rest: [], location: nil, context: callContext))
        }
        guard let decl = fv.decl, let closure = fv.closure else { throw RuntimeError("cannot call this function") }
        return try invoke(fv, decl: decl, closure: closure, values: values, offset: decl.offset)
    }

    func invoke(_ fv: FunctionValue, decl: FunctionDecl, closure: Frame, values: [Value], offset: Int) throws -> Value {
        if callStack.count >= maxCallDepth {
            throw fail("maximum call depth (\(maxCallDepth)) exceeded in '\(decl.name)'; is the recursion unbounded?", offset)
        }
        let frame = Frame(size: max(decl.slotCount, values.count), parent: closure)
        for (i, v) in values.enumerated() { frame.slots[i] = v }
        callStack.append((decl.name, SourceLocation(file: currentFile, offset: offset)))
        let saved = currentFile
        currentFile = fv.file ?? currentFile
        defer { callStack.removeLast(); currentFile = saved }
        if case .returned(var v) = try execBlock(decl.body, frame) {
            if case .int(let i) = v, fv.signature.returns == .float { v = .float(Double(i)) }
            return v
        }
        return .none
    }
}

public struct InterruptedError: Error, CustomStringConvertible {
    public init() {}
    public var description: String { "interrupted" }
}

/// Python-style slice resolution (negative indices count from the end, bounds clipped).
public func sliceIndices(count: Int, start: Int?, stop: Int?, step: Int) -> [Int] {
    if step > 0 {
        var a = start ?? 0, b = stop ?? count
        if a < 0 { a = max(0, a + count) }; if b < 0 { b = max(0, b + count) }
        a = min(a, count); b = min(b, count)
        return a < b ? Array(stride(from: a, to: b, by: step)) : []
    } else {
        var a = start ?? count - 1, b = stop ?? -count - 1
        if a < 0 { a += count }; if b < 0 { b += count }
        a = min(a, count - 1); b = max(b, -1)
        return a > b ? Array(stride(from: a, to: b, by: step)) : []
    }
}
