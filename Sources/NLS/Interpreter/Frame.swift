/// Local variables of one function activation (or of the top level). Closures keep
/// their defining frame alive through `parent`. Slots live in a raw buffer: slot
/// indices come from the checker, and skipping Array's copy-on-write and bounds
/// checks on every variable access is most of the scalar-loop speed.
public final class Frame {
    private var storage: UnsafeMutablePointer<Value>
    private var capacity: Int
    fileprivate(set) var count: Int
    let parent: Frame?

    init(size: Int, parent: Frame?) {
        capacity = max(size, 1)
        storage = .allocate(capacity: capacity)
        storage.initialize(repeating: .none, count: size)
        count = size
        self.parent = parent
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    public var slots: SlotView { SlotView(frame: self) }

    @inline(__always) func get(_ i: Int) -> Value { storage[i] }
    @inline(__always) func set(_ i: Int, _ v: Value) { storage[i] = v }

    fileprivate func append(_ values: [Value]) {
        if count + values.count > capacity {
            let newCapacity = max(capacity * 2, count + values.count)
            let bigger = UnsafeMutablePointer<Value>.allocate(capacity: newCapacity)
            bigger.moveInitialize(from: storage, count: count)
            storage.deallocate()
            storage = bigger
            capacity = newCapacity
        }
        (storage + count).initialize(from: values, count: values.count)
        count += values.count
    }

    @inline(__always)
    func frame(at depth: Int) -> Frame {
        var f = self
        var d = depth
        while d > 0 { f = f.parent!; d -= 1 }
        return f
    }
}

/// Array-like access to a frame's slots.
public struct SlotView {
    let frame: Frame
    public subscript(_ i: Int) -> Value {
        @inline(__always) get { frame.get(i) }
        @inline(__always) nonmutating set { frame.set(i, newValue) }
    }
    public var count: Int { frame.count }
    public var indices: Range<Int> { 0..<frame.count }
    public func append(contentsOf values: [Value]) { frame.append(values) }
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
