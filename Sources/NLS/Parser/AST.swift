/// Syntax tree. Nodes are classes so the checker can annotate them in place
/// (types and resolved variable slots), as a resolver pass does in Crafting Interpreters.

public indirect enum TypeExpr {
    case named(String, [TypeExpr], offset: Int)   // Int, List[Float], GridSearch[Ridge]
    case record([(String, TypeExpr)], offset: Int)
    case optional(TypeExpr)
    case union([TypeExpr])
    /// `(Float, Int) -> Float`: a function taking positional arguments.
    case function([TypeExpr], TypeExpr)
}

public struct Argument {
    public let label: String?
    public let labelOffset: Int
    public let value: Expr
}

public enum IndexComponent {
    case single(Expr)
    case slice(start: Expr?, stop: Expr?, step: Expr?)
}

/// Where a variable lives at run time: `depth` frames up from the current one, at `slot`.
public struct VarRef {
    public var depth: Int
    public var slot: Int
}

public final class Expr {
    public enum Kind {
        case intLit(Int)
        case floatLit(Double)
        case boolLit(Bool)
        case noneLit
        case string([StringPart])
        case name(String)
        case list([Expr])
        case record([(String, Expr)])
        case unary(Symbol, Expr)
        case binary(Symbol, Expr, Expr)
        case logical(isAnd: Bool, Expr, Expr)
        case range(Expr, Expr, closed: Bool)
        case call(Expr, [Argument])
        case member(Expr, String)
        case index(Expr, [IndexComponent])
    }
    public let kind: Kind
    public let offset: Int
    /// Filled by the checker.
    public var type: NLSType = .any
    public var ref: VarRef?
    /// For calls: the resolved callee (builtin, method, constructor) and argument order.
    public var callPlan: CallPlan?
    /// Operator overload from the builtins layer (nil for primitive arithmetic).
    public var binaryImpl: ContextualBinaryImpl?
    public var unaryImpl: ((Value) throws -> Value)?
    public var attribute: BuiltinAttribute?
    public var subscriptSpec: SubscriptSpec?
    /// The value must be converted from Int to Float where it is stored.
    public var toFloat = false
    /// A value of an object type that stands for a scalar (one element of an Array) where
    /// this scalar type (or union of scalar types) is expected: converted at run time.
    public var scalarTarget: NLSType?
    /// Height of this expression tree. The parser rejects very tall trees (e.g. a chain of
    /// 300,000 additions) because the checker and interpreter recurse on it: without a bound
    /// such a file overflowed the native stack and crashed the process.
    public let height: Int
    public init(_ kind: Kind, offset: Int) {
        self.kind = kind; self.offset = offset
        switch kind {
        case .unary(_, let x), .member(let x, _): height = x.height + 1
        case .binary(_, let a, let b), .logical(_, let a, let b), .range(let a, let b, _): height = max(a.height, b.height) + 1
        case .call(let f, let args): height = max(f.height, args.map(\.value.height).max() ?? 0) + 1
        case .index(let b, let comps):
            var h = b.height
            for c in comps {
                switch c {
                case .single(let x): h = max(h, x.height)
                case .slice(let a, let b, let st): h = max(h, a?.height ?? 0, b?.height ?? 0, st?.height ?? 0)
                }
            }
            height = h + 1
        case .list(let items): height = (items.map(\.height).max() ?? 0) + 1
        case .record(let fields): height = (fields.map(\.1.height).max() ?? 0) + 1
        case .string(let parts):
            height = (parts.map { p -> Int in if case .expr(let x) = p { return x.height } else { return 0 } }.max() ?? 0) + 1
        default: height = 1
        }
    }
}

public enum StringPart {
    case text(String)
    case expr(Expr)
}

public final class FunctionDecl {
    public let name: String
    public let params: [ParamDecl]
    public let returnType: TypeExpr?
    public let body: [Stmt]
    public let offset: Int
    public let doc: String?
    /// Filled by the checker.
    public var slotCount = 0
    public var signature: FunctionSignature?
    public init(name: String, params: [ParamDecl], returnType: TypeExpr?, body: [Stmt], offset: Int, doc: String?) {
        self.name = name; self.params = params; self.returnType = returnType; self.body = body
        self.offset = offset; self.doc = doc
    }
}

public struct ParamDecl {
    public let name: String
    public let type: TypeExpr?
    public let defaultValue: Expr?
    public let offset: Int
    /// The default as written (`2`, `[1.0, 2.0]`), for help.
    public var defaultText: String? = nil
}

public enum AssignOp { case assign, add, sub, mul, div }

public final class Stmt {
    public enum Kind {
        case letDecl(name: String, mutable: Bool, type: TypeExpr?, value: Expr)
        case assign(target: Expr, op: AssignOp, value: Expr)
        case expr(Expr)
        case fnDecl(FunctionDecl)
        case ifStmt(cond: Expr, then: [Stmt], else: [Stmt]?)
        case whileStmt(cond: Expr, body: [Stmt])
        case forIn(name: String, iterable: Expr, body: [Stmt])
        case returnStmt(Expr?)
        case breakStmt
        case continueStmt
        case importStmt(path: String)
        case setting(name: String, value: Expr)
        /// `%time stmt`, `%timeit stmt`, `%%time` (body = rest of the cell) or another magic with raw args.
        case magic(name: String, args: String, body: [Stmt]?, cell: Bool)
        case cellMarker(title: String)
    }
    public let kind: Kind
    public let offset: Int
    /// Filled by the checker: the slot of a declared variable, or of the loop variable.
    public var ref: VarRef?
    /// For imports: the checked module's statements, run once.
    public var module: CheckedModule?
    /// Set by the checker on the first statement of a block that declares functions: those
    /// `fn` statements, bound before the block runs (a call above the declaration works at
    /// run time too, as the checker already allows).
    public var hoistedFunctions: [Stmt]?
    public init(_ kind: Kind, offset: Int) { self.kind = kind; self.offset = offset }
}

/// A parsed and checked module (the script itself or an imported one).
public final class CheckedModule {
    public let file: SourceFile
    public let statements: [Stmt]
    public init(file: SourceFile, statements: [Stmt]) { self.file = file; self.statements = statements }
}
