/// A name the checker knows about in some scope.
struct VarSymbol {
    let slot: Int
    var type: NLSType
    let mutable: Bool
    let offset: Int
    /// Set for `fn` declarations (used for `?name` help and default arguments).
    let function: FunctionDecl?
}

/// Names of one function body (or of the top level), with block nesting.
/// Slots are never reused within a function, so closures can keep a frame alive safely.
final class FunctionScope {
    var blocks: [[String: VarSymbol]] = [[:]]
    var slotCount = 0
    let returnType: NLSType
    let parent: FunctionScope?
    let name: String
    var loopDepth = 0

    init(name: String, returnType: NLSType, parent: FunctionScope?) {
        self.name = name; self.returnType = returnType; self.parent = parent
    }

    func declare(_ name: String, type: NLSType, mutable: Bool, offset: Int, function: FunctionDecl? = nil) -> VarSymbol {
        let sym = VarSymbol(slot: slotCount, type: type, mutable: mutable, offset: offset, function: function)
        slotCount += 1
        blocks[blocks.count - 1][name] = sym
        return sym
    }

    func lookupLocal(_ name: String) -> VarSymbol? {
        for block in blocks.reversed() { if let s = block[name] { return s } }
        return nil
    }
}
