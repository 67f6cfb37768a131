import Foundation
import XCTest
import NLS
@testable import NLSBuiltins

/// Every builtin function of the registry called with extreme arguments, one argument at a
/// time, each call in its own `nls -c` process: an error message is fine, a signal death or
/// a hang fails. New builtins are covered from the day they are registered.
final class BuiltinPropertyTests: XCTestCase {
    /// Builtins that reach outside (network, the user's files) or only print.
    static let skipped: Set<String> = ["fetch_haxby", "fetch_miyawaki2008", "fetch_adhd", "print"]
    static let imagePath = NLSBinary.packageRoot.appendingPathComponent("examples/data/rest/brain_mask.nii.gz").path

    /// A harmless value of a parameter type, and the extreme ones to try; nil when the type
    /// is one this test cannot build (estimators and other objects).
    static func values(_ t: NLSType) -> (benign: String, extreme: [String])? {
        switch t {
        case .int: return ("2", ["0", "-1", "-9223372036854775807 - 1", "9223372036854775807", "2147483648", "4611686018427387904"])
        case .float: return ("1.5", ["0.0", "-1.0", "float(\"nan\")", "float(\"inf\")", "-float(\"inf\")", "1e308", "5e-324"])
        case .bool: return ("true", ["false"])
        case .str: return ("\"a\"", ["\"\"", "\"/nonexistent/x\"", "\"\\u{1}\""])
        case .list(.int): return ("[2, 3]", ["[]", "[-1]", "[0, 0]", "[2147483648, 2147483648]", "[9223372036854775807, 2]"])
        case .list(.float): return ("[1.0, 2.0]", ["[]", "[float(\"nan\")]", "[1e308, -1e308]"])
        case .list(.str): return ("[\"a\", \"b\"]", ["[]", "[\"\"]"])
        case .optional(let inner): return values(inner).map { ($0.benign, ["none"] + $0.extreme) }
        case .union(let options):
            // The first buildable alternative, plus the extremes of all of them.
            let built = options.compactMap(values)
            guard let first = built.first else { return nil }
            return (first.benign, built.flatMap(\.extreme))
        case .object("Array", _):
            return ("ones([3, 2])", ["zeros([0])", "zeros([0, 3])", "full([2, 2], float(\"nan\"))", "full([3], 1e308)", "arange(5)", "ones([1, 1, 1])"])
        case .object("Image", _): return ("load_img(\"\(imagePath)\")", [])
        default: return nil
        }
    }

    /// The argument lists to try for `params`: all benign, then one extreme argument at a
    /// time; none when a parameter's type cannot be built here.
    static func argumentLists(_ params: [ParamSpec]) -> [[String]] {
        let built = params.map { values($0.type) }
        guard built.allSatisfy({ $0 != nil }) else { return [] }
        let v = built.map { $0! }
        let benign = v.map(\.benign)
        var lists = [benign]
        for (i, p) in v.enumerated() {
            for x in p.extreme {
                var args = benign
                args[i] = x
                lists.append(args)
            }
        }
        return lists
    }

    /// The calls to make: each builtin with benign arguments, then one extreme argument at a time.
    static func calls() -> [String] {
        let registry = Builtins.makeRegistry()
        var out: [String] = []
        for (name, fns) in registry.overloads.sorted(by: { $0.key < $1.key }) where !skipped.contains(name) {
            for f in fns {
                out += argumentLists(f.signature.params).map { "print(\(name)(\($0.joined(separator: ", "))))" }
            }
        }
        return Array(Set(out)).sorted()
    }

    /// A value of each object type whose methods can be called: a few data types, and every
    /// type whose constructor has defaults for all its parameters (estimators, splitters…).
    static func receivers(_ registry: BuiltinRegistry) -> [String: String] {
        let d = NLSBinary.packageRoot.appendingPathComponent("examples/data").path
        var r = ["Array": "ones([4, 3])", "Image": "load_img(\"\(imagePath)\")",
                 "Table": "read_csv(\"\(d)/searchlight/labels.csv\")",
                 "NiftiMasker": "NiftiMasker(mask: \"\(imagePath)\").fit()"]
        for name in registry.types.keys where r[name] == nil {
            guard let ctor = registry.overloads[name]?.first,
                  ctor.signature.params.allSatisfy({ if case .required = $0.defaulting { return false }; return true }) else { continue }
            r[name] = "\(name)()"
        }
        return r
    }

    /// Each method of each type above with benign arguments, then one extreme argument at a time.
    static func methodCalls() -> [String] {
        let registry = Builtins.makeRegistry()
        var out: [String] = []
        for (type, receiver) in receivers(registry).sorted(by: { $0.key < $1.key }) {
            guard let info = registry.types[type] else { continue }
            let methods = info.methodOverloads.isEmpty ? info.methods.mapValues { [$0] } : info.methodOverloads
            for (name, overloads) in methods.sorted(by: { $0.key < $1.key }) {
                for m in overloads {
                    out += argumentLists(m.signature.params).map { "print(\(receiver).\(name)(\($0.joined(separator: ", "))))" }
                }
            }
        }
        return Array(Set(out)).sorted()
    }

    func testNoMethodCrashesOrHangsOnExtremeArguments() throws {
        let calls = Self.methodCalls()
        XCTAssertGreaterThan(calls.count, 300, "the registry should give hundreds of method calls")
        try runAll(calls, label: "method")
    }

    func testNoBuiltinCrashesOrHangsOnExtremeArguments() throws {
        let calls = Self.calls()
        XCTAssertGreaterThan(calls.count, 500, "the registry should give hundreds of calls")
        try runAll(calls, label: "builtin")
    }

    /// Runs every call in its own process, two at a time; fails on a signal death or a hang.
    func runAll(_ calls: [String], label: String) throws {
        guard let binary = NLSBinary.find() else { throw XCTSkip("the nls binary is not built") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nls-property-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let lock = NSLock()
        var failures: [String] = []
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            for (i, code) in calls.enumerated() where i % 2 == worker {
                guard let r = try? NLSBinary.run(binary, ["-c", code], in: dir, environment: ["NLS_MAX_MEMORY": "1GB"], timeout: 20) else {
                    continue
                }
                if r.signaled || r.timedOut || !(0...2).contains(r.status) {
                    lock.lock()
                    failures.append("`\(code)`: \(r.timedOut ? "timed out" : r.signaled ? "killed by signal \(r.status)" : "exit \(r.status)") \(r.stderr.suffix(300))")
                    lock.unlock()
                }
            }
        }
        print("\(label) property test: \(calls.count) calls, \(failures.count) failures")
        XCTAssertTrue(failures.isEmpty, failures.prefix(20).joined(separator: "\n"))
    }
}
