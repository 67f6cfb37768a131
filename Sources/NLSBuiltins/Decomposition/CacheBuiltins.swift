import Foundation
import NLS
import NLSCompute
import NLSLearn

/// `%cache` and `cache_info`/`cache_clear`: what a `memory:` folder holds, and emptying it.
enum CacheBuiltins {
    /// The folder of the last fit that used a cache (what `%cache` shows without an argument).
    private static let lock = NSLock()
    private static var lastFolder: String?

    static func used(_ folder: String) { lock.lock(); lastFolder = folder; lock.unlock() }
    static var last: String? { lock.lock(); defer { lock.unlock() }; return lastFolder }

    static func register(_ r: BuiltinRegistry) {
        r.magic("cache", doc: "%cache [DIR]: entries and size of a cache folder (default: the last memory: folder used); %cache clear [DIR] empties it.") { m in
            var words = m.args.split(separator: " ").map(String.init)
            let clear = words.first == "clear"
            if clear { words.removeFirst() }
            guard words.count <= 1 else { throw RuntimeError("usage: %cache [DIR]  or  %cache clear [DIR]") }
            guard let dir = words.first.map(expandingTilde) ?? last else {
                throw RuntimeError("%cache: no cache folder used yet in this session; give one: %cache DIR (the memory: folder of CanICA)")
            }
            if clear {
                let n = try DiskCache.clear(directory: dir)
                m.output.line("cleared \(n) entries from \(dir)")
            } else {
                m.output.line(report(dir))
            }
        }
        r.function("cache_info", [ParamSpec("directory", .str)], returns: .str,
                   doc: "What a cache folder (a memory: folder) holds: entries and bytes per step.") { a in
            .str(report(expandingTilde(try a[0].asString())))
        }
        r.function("cache_clear", [ParamSpec("directory", .str)], returns: .int,
                   doc: "Removes every nls entry of a cache folder; returns how many were removed.") { a in
            .int(try DiskCache.clear(directory: expandingTilde(try a[0].asString())))
        }
    }

    static func report(_ dir: String) -> String {
        let usage = DiskCache.usage(directory: dir)
        guard !usage.isEmpty else { return "cache \(dir): empty" }
        let entries = usage.reduce(0) { $0 + $1.entries }, bytes = usage.reduce(0) { $0 + $1.bytes }
        var lines = ["cache \(dir): \(entries) entries, \(MemoryBudget.format(bytes))"]
        for u in usage { lines.append("  \(u.step): \(u.entries) entries, \(MemoryBudget.format(u.bytes))") }
        return lines.joined(separator: "\n")
    }
}
