/// Local variables of one function activation (or of the top level). Closures keep
/// their defining frame alive through `parent`.
public final class Frame {
    public var slots: [Value]
    let parent: Frame?
    init(size: Int, parent: Frame?) {
        slots = [Value](repeating: .none, count: size)
        self.parent = parent
    }

    @inline(__always)
    func frame(at depth: Int) -> Frame {
        var f = self
        var d = depth
        while d > 0 { f = f.parent!; d -= 1 }
        return f
    }
}

/// Result of executing a statement: how control leaves it.
enum Flow {
    case normal
    case breakLoop
    case continueLoop
    case returned(Value)
}

/// Set from a SIGINT handler; checked in loops and calls so Ctrl-C stops a running
/// computation and returns to the REPL prompt with its state kept.
public enum Interrupt {
    public static let flag: UnsafeMutablePointer<Int32> = {
        let p = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        p.initialize(to: 0)
        return p
    }()
    @inline(__always) public static var requested: Bool { flag.pointee != 0 }
    public static func clear() { flag.pointee = 0 }
}
