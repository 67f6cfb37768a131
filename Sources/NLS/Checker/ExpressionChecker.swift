/// Type rules for expressions, operators and calls.
extension TypeChecker {
    @discardableResult
    func checkExpr(_ e: Expr) -> NLSType {
        let t = inferExpr(e)
        e.type = t
        return t
    }

    private func inferExpr(_ e: Expr) -> NLSType {
        switch e.kind {
        case .intLit: return .int
        case .floatLit: return .float
        case .boolLit: return .bool
        case .noneLit: return .none
        case .string(let parts):
            for p in parts { if case .expr(let x) = p { if checkExpr(x) == .void { error("interpolated expression has no value", x.offset) } } }
            return .str
        case .name(let n):
            if let (sym, depth) = lookup(n) {
                e.ref = VarRef(depth: depth, slot: sym.slot)
                return sym.type
            }
            if let b = registry.functions[n] { return .function(b.signature) }
            if registry.types[n] != nil {
                error("'\(n)' is a type; call a function that makes one", e.offset); return .any
            }
            if let fix = ["True": "true", "False": "false", "None": "none", "nil": "none", "null": "none"][n] {
                error("unknown name '\(n)'; nls writes `\(fix)`", e.offset); return n == "True" || n == "False" ? .bool : .any
            }
            error("unknown name '\(n)'\(suggestion(n, visibleNames()))", e.offset)
            return .any
        case .list(let items):
            guard let first = items.first else { return .list(.any) }
            var elem = checkExpr(first)
            for item in items.dropFirst() {
                let t = checkExpr(item)
                if t == elem { continue }
                if elem == .int && t == .float { elem = .float; continue }
                if elem == .float && t == .int { continue }
                if elem == .any || t == .any { elem = .any; continue }
                // Functions of the same shape whose parameter names differ share one type.
                if case .function = elem, case .function = t, isAssignable(t, to: elem).ok { continue }
                error("list elements must have one type: found \(elem) and \(t)", item.offset)
            }
            if elem == .float { for item in items where item.type == .int { item.toFloat = true } }
            return .list(elem)
        case .record(let fields):
            return .record(fields.map { RecordField(name: $0.0, type: checkExpr($0.1)) })
        case .unary(let op, let x):
            let t = checkExpr(x)
            switch (op, t) {
            case (.minus, .int), (.minus, .float): return t
            case (.bang, .bool): return .bool
            case (_, .any): return .any
            default:
                for o in registry.unaryOperators where o.op == op && isAssignable(t, to: o.operand).ok {
                    e.unaryImpl = o.impl
                    return o.result
                }
                error("operator '\(op == .bang ? "not" : op.rawValue)' cannot be applied to \(t)", e.offset)
                return .any
            }
        case .binary(let op, let l, let r):
            let lt = checkExpr(l), rt = checkExpr(r)
            let (t, impl) = binaryResult(op, lt, rt, offset: e.offset)
            e.binaryImpl = impl
            return t
        case .logical(_, let l, let r):
            expectBool(l, "operand of 'and'/'or'")
            expectBool(r, "operand of 'and'/'or'")
            return .bool
        case .range(let lo, let hi, _):
            for x in [lo, hi] {
                let t = checkExpr(x)
                if t != .int && t != .any { error("range bounds must be Int, not \(t)", x.offset) }
            }
            return .range
        case .member(let base, let name):
            let bt = checkExpr(base)
            return memberType(bt, name, e)
        case .index(let base, let comps):
            return checkIndex(e, base: base, comps: comps)
        case .call(let callee, let args):
            return checkCall(e, callee: callee, args: args)
        }
    }

    func memberType(_ bt: NLSType, _ name: String, _ e: Expr) -> NLSType {
        switch bt {
        case .any: return .any
        case .record(let fields):
            if let f = fields.first(where: { $0.name == name }) { return f.type }
            error("record has no field '\(name)'\(suggestion(name, fields.map(\.name))); fields: \(fields.map(\.name).joined(separator: ", "))", e.offset)
            return .any
        case .object(let tn, let targs):
            guard let info = registry.types[tn] else { return .any }
            if let a = info.attributes[name] {
                e.attribute = a
                return a.type.substituting(Dictionary(uniqueKeysWithValues: zip(info.typeParams, targs)))
            }
            if info.methods[name] != nil {
                error("'\(name)' is a method of \(tn); call it: .\(name)(…)", e.offset)
                return .any
            }
            let names = Array(info.attributes.keys) + Array(info.methods.keys)
            error("\(tn) has no attribute '\(name)'\(suggestion(name, names))", e.offset)
            return .any
        default:
            error("a value of type \(bt) has no attribute '\(name)'", e.offset)
            return .any
        }
    }

    func checkIndex(_ e: Expr, base: Expr, comps: [IndexComponent]) -> NLSType {
        let bt = checkExpr(base)
        var kinds: [IndexKind] = []
        for c in comps {
            switch c {
            case .single(let x):
                let t = checkExpr(x)
                kinds.append(t == .int ? .int : .other(t))
            case .slice(let a, let b, let st):
                for x in [a, b, st].compactMap({ $0 }) {
                    let t = checkExpr(x)
                    if t != .int && t != .any { error("slice bounds must be Int, not \(t)", x.offset) }
                }
                kinds.append(.slice)
            }
        }
        switch bt {
        case .any: return .any
        case .list, .str:
            let elemType: NLSType = { if case .list(let t) = bt { return t } else { return .str } }()
            guard kinds.count == 1 else { error("\(bt) takes one index", e.offset); return .any }
            if case .other(let t) = kinds[0], case .single(let x) = comps[0], let st = scalarTarget(t, for: .int) {
                x.scalarTarget = st
                return elemType
            }
            switch kinds[0] {
            case .int: return elemType
            case .slice: return bt
            case .other(let t): if t != .any { error("\(bt) index must be an Int or a slice, not \(t)", e.offset) }; return .any
            }
        case .object(let tn, _):
            guard let spec = registry.types[tn]?.subscriptSpec else {
                error("values of type \(tn) cannot be indexed", e.offset); return .any
            }
            e.subscriptSpec = spec
            switch spec.resultType(kinds) {
            case .success(let t): return t
            case .failure(let err): error(err.message, e.offset); return .any
            }
        default:
            error("values of type \(bt) cannot be indexed", e.offset)
            return .any
        }
    }

    /// Result type of a binary operator, and the overload implementing it (nil = primitive).
    func binaryResult(_ op: Symbol, _ lt: NLSType, _ rt: NLSType, offset: Int) -> (NLSType, ContextualBinaryImpl?) {
        if lt == .any || rt == .any {
            if lt.isNumeric || rt.isNumeric || (lt == .any && rt == .any) {
                return ([.eq, .ne, .lt, .le, .gt, .ge].contains(op) ? .bool : .any, nil)
            }
        }
        let numeric = lt.isNumeric && rt.isNumeric
        switch op {
        case .plus, .minus, .star, .percent, .slashSlash:
            if numeric { return (lt == .int && rt == .int ? .int : .float, nil) }
            if op == .plus, lt == .str, rt == .str { return (.str, nil) }
            if op == .plus, case .list(let a) = lt, case .list(let b) = rt, a == b { return (lt, nil) }
        case .slash:
            if numeric { return (.float, nil) }
        case .starStar:
            if numeric { return (lt == .int && rt == .int ? .int : .float, nil) }
        case .eq, .ne:
            if numeric || (lt == rt && !isObject(lt)) { return (.bool, nil) }
            if lt == .none || rt == .none { return (.bool, nil) }
        case .lt, .le, .gt, .ge:
            if numeric || (lt == .str && rt == .str) { return (.bool, nil) }
        default: break
        }
        for o in registry.binaryOperators where o.op == op {
            if isAssignable(lt, to: o.lhs).ok && isAssignable(rt, to: o.rhs).ok { return (o.result, o.impl) }
        }
        if (op == .eq || op == .ne) && lt == rt { return (.bool, nil) }
        error("operator '\(op.rawValue)' cannot be applied to \(lt) and \(rt)", offset)
        return (.any, nil)
    }

    func isObject(_ t: NLSType) -> Bool { if case .object = t { return true } else { return false } }

    // MARK: calls

    func checkCall(_ e: Expr, callee: Expr, args: [Argument]) -> NLSType {
        var signature: FunctionSignature
        var target: CallPlan.Target = .value
        var calleeName = "function"
        switch callee.kind {
        case .name(let n) where lookup(n) == nil && registry.overloads[n] != nil:
            let candidates = registry.overloads[n]!
            let argTypes = args.map { checkExpr($0.value) }
            if candidates.count > 1 {
                // Pick the first overload that accepts these arguments: exactly first, then
                // with an Array standing for a scalar.
                for exact in [true, false] {
                    scalarConversionAllowed = !exact
                    defer { scalarConversionAllowed = true }
                    for b in candidates {
                        let saved = diagnostics.count
                        let t = matchArguments(e, args: args, argTypes: argTypes, signature: b.signature, target: .builtin(b), calleeName: n)
                        if diagnostics.count == saved { return t }
                        diagnostics.removeSubrange(saved...)
                    }
                }
                let shown = argTypes.map(\.description).joined(separator: ", ")
                error("no version of \(n) accepts (\(shown)); it takes " + candidates.map { "\(n)\($0.signature)" }.joined(separator: " or "), e.offset)
                return .any
            }
            return matchArguments(e, args: args, argTypes: argTypes, signature: candidates[0].signature, target: .builtin(candidates[0]), calleeName: n)
        case .member(let base, let name):
            let bt = checkExpr(base)
            if case .object(let tn, let targs) = bt, let info = registry.types[tn], let overloads = info.methodOverloads[name], !overloads.isEmpty {
                let objBindings = Dictionary(uniqueKeysWithValues: zip(info.typeParams, targs))
                func specialised(_ m: BuiltinMethod) -> FunctionSignature {
                    var sig = m.signature
                    if !objBindings.isEmpty {
                        sig.params = sig.params.map { $0.withType($0.type.substituting(objBindings)) }
                        sig.returns = sig.returns.substituting(objBindings)
                    }
                    return sig
                }
                calleeName = "\(tn).\(name)"
                if overloads.count > 1 {
                    let argTypes = args.map { checkExpr($0.value) }
                    for exact in [true, false] {
                        scalarConversionAllowed = !exact
                        defer { scalarConversionAllowed = true }
                        for m in overloads {
                            let saved = diagnostics.count
                            let t = matchArguments(e, args: args, argTypes: argTypes, signature: specialised(m), target: .method(m, receiver: base), calleeName: calleeName)
                            if diagnostics.count == saved { return t }
                            diagnostics.removeSubrange(saved...)
                        }
                    }
                    let shown = argTypes.map(\.description).joined(separator: ", ")
                    error("no version of \(calleeName) accepts (\(shown)); it takes " + overloads.map { "\(name)\(specialised($0))" }.joined(separator: " or "), e.offset)
                    return .any
                }
                signature = specialised(overloads[0])
                target = .method(overloads[0], receiver: base)
            } else {
                let t = memberType(bt, name, callee)
                callee.type = t
                if bt == .any || t == .any { for a in args { checkExpr(a.value) }; return .any }
                guard case .function(let sig) = t else {
                    error("\(t) is not callable", callee.offset); return .any
                }
                signature = sig
            }
        default:
            let t = checkExpr(callee)
            if case .name(let n) = callee.kind { calleeName = n }
            if t == .any { for a in args { checkExpr(a.value) }; return .any }
            guard case .function(let sig) = t else {
                error("a value of type \(t) cannot be called", callee.offset)
                for a in args { checkExpr(a.value) }
                return .any
            }
            signature = sig
        }
        return matchArguments(e, args: args, argTypes: args.map { checkExpr($0.value) }, signature: signature, target: target, calleeName: calleeName)
    }

    func matchArguments(_ e: Expr, args: [Argument], argTypes: [NLSType], signature: FunctionSignature, target: CallPlan.Target, calleeName: String) -> NLSType {
        let params = signature.params
        var sources = [CallPlan.Source?](repeating: nil, count: params.count)
        var rest: [Int] = []
        var positional = 0
        var sawLabel = false
        var ok = true
        for (i, a) in args.enumerated() {
            if let label = a.label {
                sawLabel = true
                guard let pi = params.firstIndex(where: { $0.name == label }) else {
                    if !params.isEmpty && params.allSatisfy({ $0.name.isEmpty }) {
                        error("\(calleeName) takes positional arguments only; remove '\(label):'", a.labelOffset)
                        ok = false; continue
                    }
                    error("\(calleeName) has no parameter '\(label)'\(suggestion(label, params.map(\.name))); parameters: \(params.map(\.name).joined(separator: ", "))", a.labelOffset)
                    ok = false; continue
                }
                if sources[pi] != nil { error("argument '\(label)' given twice", a.labelOffset); ok = false; continue }
                sources[pi] = .argument(i)
            } else {
                if sawLabel { error("positional argument after a named one in call to \(calleeName)", a.value.offset); ok = false; continue }
                // Variadic builtins take every positional argument as an extra; their parameters are named.
                if signature.variadic != nil { rest.append(i) }
                else if positional < params.count { sources[positional] = .argument(i); positional += 1 }
                else { error("\(calleeName) takes \(params.count) argument\(params.count == 1 ? "" : "s"), got \(args.count)", a.value.offset); ok = false }
            }
        }
        var bindings: [String: NLSType] = [:]
        var toFloat = [Bool](repeating: false, count: params.count)
        for (pi, p) in params.enumerated() {
            guard let src = sources[pi] else {
                if p.hasDefault { sources[pi] = .defaultValue }
                // After a misplaced or unknown argument the "missing" one is usually that
                // same argument: report the first mistake only.
                else if ok { error("missing argument '\(p.name)' in call to \(calleeName)\(signatureHint(signature))", e.offset); ok = false }
                continue
            }
            guard case .argument(let ai) = src else { continue }
            var f = false
            args[ai].value.scalarTarget = nil
            if argTypes[ai] == .void { error("argument '\(p.name)' has no value", args[ai].value.offset); ok = false; continue }
            if !assignable(argTypes[ai], to: p.type, bindings: &bindings, toFloat: &f) {
                if let st = scalarTarget(argTypes[ai], for: p.type.substituting(bindings)) {
                    args[ai].value.scalarTarget = st
                    continue
                }
                error("argument '\(p.name)' of \(calleeName) must be \(p.type.substituting(bindings)), not \(argTypes[ai])", args[ai].value.offset)
                ok = false
            }
            toFloat[pi] = f
        }
        if let v = signature.variadic {
            for ai in rest {
                var f = false
                args[ai].value.scalarTarget = nil
                if argTypes[ai] == .void { error("argument has no value", args[ai].value.offset); ok = false; continue }
                if !assignable(argTypes[ai], to: v, bindings: &bindings, toFloat: &f) {
                    if let st = scalarTarget(argTypes[ai], for: v.substituting(bindings)) { args[ai].value.scalarTarget = st; continue }
                    error("extra arguments of \(calleeName) must be \(v), not \(argTypes[ai])", args[ai].value.offset); ok = false
                }
                if f { args[ai].value.toFloat = true }
            }
        }
        for tp in signature.typeParams {
            if let c = tp.constraint, let bound = bindings[tp.name], case .object(let n, _) = bound, !registry.conforms(n, to: c) {
                error("\(calleeName) needs a \(c), and \(bound) is not one", e.offset); ok = false
            }
        }
        if ok, case .builtin(let b) = target, let check = b.staticCheck {
            var byName: [String: NLSType] = [:]
            for (pi, src) in sources.enumerated() { if case .argument(let ai)? = src { byName[params[pi].name] = argTypes[ai] } }
            if let message = check(byName) { error(message, e.offset) }
        }
        e.callPlan = CallPlan(target: target, sources: sources.map { $0 ?? .defaultValue }, rest: rest, toFloat: toFloat, paramNames: params.map(\.name))
        _ = ok
        return signature.returns.substituting(bindings)
    }

    func signatureHint(_ sig: FunctionSignature) -> String { " \(sig)" }
}
