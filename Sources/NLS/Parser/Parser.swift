/// Recursive-descent parser: tokens → statements. Reports every syntax error it can
/// find (it resynchronises at the next line) instead of stopping at the first.
public final class Parser {
    let file: SourceFile
    var tokens: [Token]
    var pos = 0
    var depth = 0
    static let maxDepth = 256
    /// Tallest expression tree accepted (see `Expr.height`).
    static let maxHeight = 1000
    public private(set) var diagnostics: [Diagnostic] = []

    /// Magics whose line argument is parsed as statements (`%time f(x)`); the rest take raw text.
    let statementMagics: Set<String>

    public init(file: SourceFile, start: Int = 0, end: Int? = nil, statementMagics: Set<String> = CoreMagics.statementMagics) {
        self.file = file
        self.statementMagics = statementMagics
        var lexer = Lexer(file: file, start: start, end: end)
        self.tokens = lexer.tokenize()
        self.diagnostics = lexer.diagnostics
    }

    struct ParseError: Error {}

    // MARK: token helpers
    var current: Token { tokens[pos] }
    var kind: TokenKind { tokens[pos].kind }

    func check(_ sym: Symbol) -> Bool { if case .symbol(let s) = kind { return s == sym } else { return false } }
    func check(_ kw: Keyword) -> Bool { if case .keyword(let k) = kind { return k == kw } else { return false } }
    var atNewline: Bool { if case .newline = kind { return true } else { return false } }
    var atEOF: Bool { if case .eof = kind { return true } else { return false } }

    @discardableResult
    func advance() -> Token { let t = tokens[pos]; if pos < tokens.count - 1 { pos += 1 }; return t }

    func match(_ sym: Symbol) -> Bool { if check(sym) { advance(); return true }; return false }
    func match(_ kw: Keyword) -> Bool { if check(kw) { advance(); return true }; return false }
    func skipNewlines() { while atNewline { advance() } }

    func fail(_ message: String, at offset: Int? = nil) -> ParseError {
        diagnostics.append(Diagnostic(message: message, location: SourceLocation(file: file, offset: offset ?? current.offset)))
        return ParseError()
    }

    func describe(_ k: TokenKind) -> String {
        switch k {
        case .identifier(let n): return "'\(n)'"
        case .keyword(let kw): return "'\(kw.rawValue)'"
        case .int(let i): return "'\(i)'"
        case .float(let d): return "'\(d)'"
        case .string: return "string literal"
        case .symbol(let s): return "'\(s.rawValue)'"
        case .magic(let n, _, _): return "'%\(n)'"
        case .cellMagic(let n, _, _): return "'%%\(n)'"
        case .cellMarker: return "cell marker"
        case .newline: return "end of line"
        case .eof: return "end of input"
        }
    }

    func expect(_ sym: Symbol, _ context: String) throws {
        guard match(sym) else { throw fail("expected '\(sym.rawValue)' \(context), found \(describe(kind))") }
    }

    func expectIdentifier(_ context: String) throws -> (String, Int) {
        if case .identifier(let n) = kind { let off = current.offset; advance(); return (n, off) }
        throw fail("expected a name \(context), found \(describe(kind))")
    }

    // MARK: program and statements
    public func parseProgram() -> [Stmt] {
        var stmts: [Stmt] = []
        while true {
            while atNewline || check(.semicolon) { advance() }
            if atEOF { break }
            // A stray '}' at the top level: report it and move on. Without this the parser
            // looped forever (synchronize() stops in front of a '}' it cannot consume).
            if check(.rbrace) {
                _ = fail("unexpected '}' with no matching '{'")
                advance()
                continue
            }
            if let s = parseStatementRecovering(topLevel: true) { stmts.append(s) }
        }
        return stmts
    }

    func parseStatementRecovering(topLevel: Bool) -> Stmt? {
        do {
            let s = try parseStatement(topLevel: topLevel)
            if !(atNewline || atEOF || check(.semicolon) || check(.rbrace)) {
                if case .cellMarker = kind {} else { throw fail("expected end of line after statement, found \(describe(kind))") }
            }
            return s
        } catch {
            synchronize(topLevel: topLevel)
            return nil
        }
    }

    func synchronize(topLevel: Bool = false) {
        var braces = 0
        while !atEOF {
            if check(.lbrace) { braces += 1 }
            // Inside a block an unmatched '}' closes it; at the top level it is skipped
            // (stopping in front of it would make the caller re-parse it forever).
            if check(.rbrace) { if braces == 0 && !topLevel { return }; braces = max(0, braces - 1) }
            if atNewline && braces == 0 { return }
            advance()
        }
    }

    func parseBlock(_ context: String) throws -> [Stmt] {
        try expect(.lbrace, "to open \(context)")
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maxDepth { throw fail("blocks nested too deeply (limit \(Parser.maxDepth))") }
        var stmts: [Stmt] = []
        while true {
            while atNewline || check(.semicolon) { advance() }
            if match(.rbrace) { break }
            if atEOF { throw fail("expected '}' to close \(context)") }
            if let s = parseStatementRecovering(topLevel: false) { stmts.append(s) }
        }
        return stmts
    }

    // Long by design: one case per statement keyword (recursive descent reads best as one
    // dispatch over the first token).
    func parseStatement(topLevel: Bool) throws -> Stmt {
        let off = current.offset
        switch kind {
        case .keyword(.let), .keyword(.var):
            let mutable = check(.var)
            advance()
            let (name, _) = try expectIdentifier("after '\(mutable ? "var" : "let")'")
            var type: TypeExpr?
            if match(.colon) { type = try parseType() }
            try expect(.assign, "in declaration of '\(name)' (every variable needs a value)")
            let value = try parseExpression()
            return Stmt(.letDecl(name: name, mutable: mutable, type: type, value: value), offset: off)
        case .keyword(.fn):
            advance()
            return Stmt(.fnDecl(try parseFunction(offset: off)), offset: off)
        case .keyword(.if):
            return try parseIf()
        case .keyword(.while):
            advance()
            let cond = try parseExpression()
            let body = try parseBlock("the 'while' body")
            return Stmt(.whileStmt(cond: cond, body: body), offset: off)
        case .keyword(.for):
            advance()
            let (name, _) = try expectIdentifier("after 'for'")
            guard match(.in) else { throw fail("expected 'in' after 'for \(name)'") }
            let iterable = try parseExpression()
            let body = try parseBlock("the 'for' body")
            return Stmt(.forIn(name: name, iterable: iterable, body: body), offset: off)
        case .keyword(.return):
            advance()
            if atNewline || atEOF || check(.rbrace) || check(.semicolon) { return Stmt(.returnStmt(nil), offset: off) }
            return Stmt(.returnStmt(try parseExpression()), offset: off)
        case .keyword(.break): advance(); return Stmt(.breakStmt, offset: off)
        case .keyword(.continue): advance(); return Stmt(.continueStmt, offset: off)
        case .keyword(.import):
            advance()
            guard case .string(let pieces) = kind, pieces.count == 1, case .text(let path) = pieces[0] else {
                throw fail("expected a module name in quotes after 'import', e.g. import \"prelude\"")
            }
            advance()
            return Stmt(.importStmt(path: path), offset: off)
        case .keyword(.set):
            advance()
            let (name, _) = try expectIdentifier("after 'set' (a setting such as device, seed, n_jobs)")
            try expect(.assign, "after 'set \(name)'")
            return Stmt(.setting(name: name, value: try parseExpression()), offset: off)
        case .magic(let name, let a, let b):
            advance()
            if statementMagics.contains(name) {
                let (options, start) = splitLeadingOptions(a, b)
                let sub = Parser(file: file, start: start, end: b, statementMagics: statementMagics)
                let body = sub.parseProgram()
                diagnostics += sub.diagnostics
                if body.isEmpty && sub.diagnostics.isEmpty { throw fail("%\(name) needs a statement to run, e.g. %\(name) f(x)", at: off) }
                return Stmt(.magic(name: name, args: options, body: body, cell: false), offset: off)
            }
            return Stmt(.magic(name: name, args: text(a, b), body: nil, cell: false), offset: off)
        case .cellMagic(let name, let a, let b):
            advance()
            guard topLevel else { throw fail("cell magic %%\(name) must start a cell at the top level", at: off) }
            var body: [Stmt] = []
            while true {
                while atNewline || check(.semicolon) { advance() }
                if atEOF { break }
                if case .cellMarker = kind { break }
                if let s = parseStatementRecovering(topLevel: true) { body.append(s) }
            }
            return Stmt(.magic(name: name, args: text(a, b), body: body, cell: true), offset: off)
        case .cellMarker(let title):
            advance()
            return Stmt(.cellMarker(title: title), offset: off)
        default:
            let target = try parseExpression()
            let ops: [(Symbol, AssignOp)] = [(.assign, .assign), (.plusAssign, .add), (.minusAssign, .sub), (.starAssign, .mul), (.slashAssign, .div)]
            for (sym, op) in ops where check(sym) {
                let opOff = current.offset
                advance()
                switch target.kind {
                case .name, .index: break
                default: throw fail("cannot assign to this expression; only variables and x[...] can be assigned", at: opOff)
                }
                let value = try parseExpression()
                return Stmt(.assign(target: target, op: op, value: value), offset: off)
            }
            return Stmt(.expr(target), offset: off)
        }
    }

    func text(_ a: Int, _ b: Int) -> String { String(String.UnicodeScalarView(file.scalars[a..<b])) }

    func parseIf() throws -> Stmt {
        let off = current.offset
        advance()
        let cond = try parseExpression()
        let then = try parseBlock("the 'if' body")
        var elseBranch: [Stmt]?
        // `else` may follow on the next line.
        let save = pos
        skipNewlines()
        if match(.else) {
            if check(.if) {
                // Each `else if` nests one level deeper in the tree: bound it like blocks.
                depth += 1
                defer { depth -= 1 }
                if depth > Parser.maxDepth { throw fail("'else if' chain too long (limit \(Parser.maxDepth))") }
                elseBranch = [try parseIf()]
            } else { elseBranch = try parseBlock("the 'else' body") }
        } else {
            pos = save
        }
        return Stmt(.ifStmt(cond: cond, then: then, else: elseBranch), offset: off)
    }

    func parseFunction(offset: Int) throws -> FunctionDecl {
        let (name, _) = try expectIdentifier("after 'fn'")
        try expect(.lparen, "after the function name")
        var params: [ParamDecl] = []
        var seenDefault = false
        if !check(.rparen) {
            repeat {
                let (pname, poff) = try expectIdentifier("for a parameter")
                var type: TypeExpr?
                if match(.colon) { type = try parseType() } else {
                    throw fail("parameter '\(pname)' needs a type, e.g. \(pname): Float", at: poff)
                }
                var def: Expr?
                var defText: String?
                if match(.assign) {
                    let start = current.offset
                    def = try parseExpression(); seenDefault = true
                    defText = file.text(from: start, to: tokens[pos - 1].offset + tokens[pos - 1].length)
                }
                else if seenDefault { throw fail("parameter '\(pname)' without a default follows one with a default", at: poff) }
                params.append(ParamDecl(name: pname, type: type, defaultValue: def, offset: poff, defaultText: defText))
            } while match(.comma) && !check(.rparen)
        }
        try expect(.rparen, "to close the parameter list")
        var ret: TypeExpr?
        if match(.arrow) { ret = try parseType() }
        var body = try parseBlock("the body of '\(name)'")
        var doc: String?
        if let first = body.first, case .expr(let e) = first.kind, case .string(let parts) = e.kind,
           parts.count == 1, case .text(let t) = parts[0] {
            doc = t
            body.removeFirst()
        }
        return FunctionDecl(name: name, params: params, returnType: ret, body: body, offset: offset, doc: doc)
    }

    // MARK: types
    func parseType() throws -> TypeExpr {
        var alternatives = [try parseTypeAtom()]
        while match(.pipe) { alternatives.append(try parseTypeAtom()) }
        return alternatives.count == 1 ? alternatives[0] : .union(alternatives)
    }

    func parseTypeAtom() throws -> TypeExpr {
        var t: TypeExpr
        if check(.lparen) {
            // A function type, `(Float, Int) -> Float`, so functions can be passed to functions.
            advance()
            var params: [TypeExpr] = []
            while !check(.rparen) {
                params.append(try parseType())
                if !match(.comma) { break }
            }
            try expect(.rparen, "to close the parameter types")
            try expect(.arrow, "after the parameter types of a function type, e.g. (Float) -> Float")
            t = .function(params, try parseTypeAtom())
        } else if check(.lbrace) {
            let off = current.offset
            advance()
            var fields: [(String, TypeExpr)] = []
            skipNewlines()
            while !check(.rbrace) {
                let (n, _) = try expectIdentifier("for a record field type")
                try expect(.colon, "after field '\(n)'")
                fields.append((n, try parseType()))
                skipNewlines()
                if !match(.comma) { break }
                skipNewlines()
            }
            skipNewlines()
            try expect(.rbrace, "to close the record type")
            t = .record(fields, offset: off)
        } else if case .keyword(.none) = kind {
            let off = current.offset
            advance()
            t = .named("None", [], offset: off)
        } else {
            let off = current.offset
            let (name, _) = try expectIdentifier("for a type")
            var args: [TypeExpr] = []
            if match(.lbracket) {
                repeat { args.append(try parseType()) } while match(.comma)
                try expect(.rbracket, "to close the type arguments")
            }
            t = .named(name, args, offset: off)
        }
        while match(.question) { t = .optional(t) }
        return t
    }

    // MARK: expressions

    /// Rejects expression trees taller than `maxHeight` as soon as they grow past it:
    /// the checker, interpreter and even deallocation recurse on the tree's height.
    func bounded(_ e: Expr) throws -> Expr {
        if e.height > Parser.maxHeight {
            throw fail("expression too long or nested too deeply (limit \(Parser.maxHeight) levels); split it into several statements", at: e.offset)
        }
        return e
    }

    public func parseExpression() throws -> Expr {
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maxDepth { throw fail("expression nested too deeply (limit \(Parser.maxDepth))") }
        return try parseOr()
    }

    func parseOr() throws -> Expr {
        var lhs = try parseAnd()
        while check(.or) || check(.pipePipe) {
            let off = current.offset; advance()
            lhs = try bounded(Expr(.logical(isAnd: false, lhs, try parseAnd()), offset: off))
        }
        return lhs
    }

    func parseAnd() throws -> Expr {
        var lhs = try parseNot()
        while check(.and) || check(.ampAmp) {
            let off = current.offset; advance()
            lhs = try bounded(Expr(.logical(isAnd: true, lhs, try parseNot()), offset: off))
        }
        return lhs
    }

    func parseNot() throws -> Expr {
        if check(.not) {
            let off = current.offset; advance()
            // Bounded like unary minus: `not not not …` recursed without limit and crashed.
            depth += 1
            defer { depth -= 1 }
            if depth > Parser.maxDepth { throw fail("expression nested too deeply (limit \(Parser.maxDepth))") }
            return Expr(.unary(.bang, try parseNot()), offset: off)
        }
        return try parseComparison()
    }

    func parseComparison() throws -> Expr {
        let lhs = try parseRange()
        let ops: [Symbol] = [.eq, .ne, .lt, .le, .gt, .ge]
        for op in ops where check(op) {
            let off = current.offset; advance()
            let rhs = try parseRange()
            for op2 in ops where check(op2) { throw fail("comparisons cannot be chained; combine them with 'and'") }
            return Expr(.binary(op, lhs, rhs), offset: off)
        }
        return lhs
    }

    func parseRange() throws -> Expr {
        let lhs = try parseAdditive()
        if check(.halfOpen) || check(.closed) {
            let closed = check(.closed)
            let off = current.offset; advance()
            return Expr(.range(lhs, try parseAdditive(), closed: closed), offset: off)
        }
        return lhs
    }

    func parseAdditive() throws -> Expr {
        var lhs = try parseMultiplicative()
        while check(.plus) || check(.minus) {
            guard case .symbol(let op) = kind else { break }
            let off = current.offset; advance()
            lhs = try bounded(Expr(.binary(op, lhs, try parseMultiplicative()), offset: off))
        }
        return lhs
    }

    func parseMultiplicative() throws -> Expr {
        var lhs = try parseUnary()
        while check(.star) || check(.slash) || check(.slashSlash) || check(.percent) || check(.at) {
            guard case .symbol(let op) = kind else { break }
            let off = current.offset; advance()
            lhs = try bounded(Expr(.binary(op, lhs, try parseUnary()), offset: off))
        }
        return lhs
    }

    func parseUnary() throws -> Expr {
        if check(.minus) || check(.bang) {
            guard case .symbol(let op) = kind else { fatalError("unreachable") }
            let off = current.offset; advance()
            depth += 1
            defer { depth -= 1 }
            if depth > Parser.maxDepth { throw fail("expression nested too deeply (limit \(Parser.maxDepth))") }
            let operand = try parseUnary()
            // Fold negative literals so that -9223372036854775808 style bounds stay simple.
            if op == .minus, case .floatLit(let d) = operand.kind { return Expr(.floatLit(-d), offset: off) }
            if op == .minus, case .intLit(let i) = operand.kind { return Expr(.intLit(-i), offset: off) }
            return Expr(.unary(op, operand), offset: off)
        }
        return try parsePower()
    }

    func parsePower() throws -> Expr {
        let base = try parsePostfix()
        if check(.starStar) {
            let off = current.offset; advance()
            // `**` is right-associative and recurses: bound `2 ** 2 ** 2 ** …` like nesting.
            depth += 1
            defer { depth -= 1 }
            if depth > Parser.maxDepth { throw fail("expression nested too deeply (limit \(Parser.maxDepth))") }
            return try bounded(Expr(.binary(.starStar, base, try parseUnary()), offset: off))
        }
        return base
    }

    func parsePostfix() throws -> Expr {
        var e = try parsePrimary()
        while true {
            if check(.lparen) {
                advance()
                let off = e.offset
                var args: [Argument] = []
                if !check(.rparen) {
                    repeat {
                        if check(.rparen) { break }
                        var label: String?
                        let labelOff = current.offset
                        if case .identifier(let n) = kind, case .symbol(.colon) = tokens[pos + 1].kind {
                            label = n; advance(); advance()
                        } else if case .identifier(let n) = kind, case .symbol(.assign) = tokens[pos + 1].kind {
                            // Python's `alpha=1.0`: point at the '=' and show the nls spelling.
                            advance()
                            let eqOff = current.offset
                            advance()
                            let valueStart = current.offset
                            let value = try parseExpression()
                            let text = file.text(from: valueStart, to: tokens[pos - 1].offset + tokens[pos - 1].length)
                            _ = fail("use `\(n): \(text)` for named arguments ('=' is Python's spelling)", at: eqOff)
                            args.append(Argument(label: n, labelOffset: labelOff, value: value))
                            continue
                        }
                        args.append(Argument(label: label, labelOffset: labelOff, value: try parseExpression()))
                    } while match(.comma)
                }
                try expect(.rparen, "to close the argument list")
                e = try bounded(Expr(.call(e, args), offset: off))
            } else if check(.lbracket) {
                let off = current.offset; advance()
                var comps: [IndexComponent] = []
                repeat { comps.append(try parseIndexComponent()) } while match(.comma)
                try expect(.rbracket, "to close the subscript")
                e = try bounded(Expr(.index(e, comps), offset: off))
            } else if check(.dot) {
                advance()
                let off = current.offset
                let (name, _) = try expectIdentifier("after '.'")
                e = try bounded(Expr(.member(e, name), offset: off))
            } else {
                return e
            }
        }
    }

    func parseIndexComponent() throws -> IndexComponent {
        var start: Expr?
        if !check(.colon) { start = try parseExpression() }
        guard match(.colon) else {
            guard let s = start else { throw fail("expected an index") }
            return .single(s)
        }
        var stop: Expr?, step: Expr?
        if !check(.colon) && !check(.comma) && !check(.rbracket) { stop = try parseExpression() }
        if match(.colon) { if !check(.comma) && !check(.rbracket) { step = try parseExpression() } }
        return .slice(start: start, stop: stop, step: step)
    }

    func parsePrimary() throws -> Expr {
        let tok = current
        let off = tok.offset
        switch tok.kind {
        case .int(let i): advance(); return Expr(.intLit(i), offset: off)
        case .float(let d): advance(); return Expr(.floatLit(d), offset: off)
        case .keyword(.true): advance(); return Expr(.boolLit(true), offset: off)
        case .keyword(.false): advance(); return Expr(.boolLit(false), offset: off)
        case .keyword(.none): advance(); return Expr(.noneLit, offset: off)
        case .identifier(let n): advance(); return Expr(.name(n), offset: off)
        case .string(let pieces):
            advance()
            var parts: [StringPart] = []
            for p in pieces {
                switch p {
                case .text(let t): parts.append(.text(t))
                case .interpolation(let a, let b):
                    let sub = Parser(file: file, start: a, end: b, statementMagics: statementMagics)
                    sub.depth = depth
                    do {
                        let e = try sub.parseExpression()
                        if !sub.atEOF { _ = sub.fail("unexpected \(sub.describe(sub.kind)) in string interpolation") }
                        parts.append(.expr(e))
                    } catch {}
                    diagnostics += sub.diagnostics
                    if !sub.diagnostics.isEmpty { throw ParseError() }
                }
            }
            return Expr(.string(parts), offset: off)
        case .symbol(.lparen):
            advance()
            let e = try parseExpression()
            try expect(.rparen, "to close '('")
            return e
        case .symbol(.lbracket):
            advance()
            var items: [Expr] = []
            while !check(.rbracket) {
                items.append(try parseExpression())
                if !match(.comma) { break }
            }
            try expect(.rbracket, "to close the list")
            return Expr(.list(items), offset: off)
        case .symbol(.lbrace):
            advance()
            var fields: [(String, Expr)] = []
            skipNewlines()
            while !check(.rbrace) {
                let (n, noff) = try expectIdentifier("for a record field")
                if fields.contains(where: { $0.0 == n }) { throw fail("duplicate field '\(n)' in record", at: noff) }
                try expect(.colon, "after field '\(n)'")
                fields.append((n, try parseExpression()))
                skipNewlines()
                if !match(.comma) { break }
                skipNewlines()
            }
            try expect(.rbrace, "to close the record")
            return Expr(.record(fields), offset: off)
        default:
            throw fail("expected an expression, found \(describe(tok.kind))")
        }
    }
}
