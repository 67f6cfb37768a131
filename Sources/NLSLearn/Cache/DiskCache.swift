import Foundation
import NLSCompute

/// Results of expensive steps kept on disk between runs, as joblib.Memory keeps them for
/// nilearn: `<directory>/nls/<step>/<key>.nlsa`, one file per result, keyed by a content
/// hash of the step's inputs and parameters (see `ContentHash`). Entries are written
/// atomically (a crash never leaves a partial one) and checked when read (a truncated or
/// altered file is removed and recomputed, never trusted). A cache that cannot be written
/// (full disk, read-only folder) warns once and the work goes on uncached.
public final class DiskCache: @unchecked Sendable {
    public let directory: String
    private let root: String
    private let lock = NSLock()
    private var warned = false
    private var counts = (hits: 0, misses: 0, rejected: 0)
    /// Where warnings go (stderr by default).
    public var warn: (String) -> Void = { FileHandle.standardError.write(Data(("warning: " + $0 + "\n").utf8)) }

    /// Opens (creating it if needed) the cache folder; throws when it cannot be created or
    /// written, so the caller can warn and run uncached.
    public init(directory: String) throws {
        self.directory = directory
        root = (directory as NSString).appendingPathComponent("nls")
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            throw LearnError("cannot use \(directory) as a cache folder: \(Self.reason(error))")
        }
        guard FileManager.default.isWritableFile(atPath: root) else {
            throw LearnError("cannot use \(directory) as a cache folder: it is not writable")
        }
    }

    /// (hits, misses, rejected corrupt entries) since this object was made.
    public var statistics: (hits: Int, misses: Int, rejected: Int) {
        lock.lock(); defer { lock.unlock() }
        return counts
    }

    /// The cached result of `step` for `key`, or `compute()`'s, which is then stored.
    public func cached(_ step: String, key: String, _ compute: () throws -> NDArray) throws -> NDArray {
        if let hit = load(step, key: key) { return hit }
        let value = try compute()
        store(step, key: key, value)
        return value
    }

    /// The entry, or nil when it is absent or damaged (a damaged one is deleted).
    public func load(_ step: String, key: String) -> NDArray? {
        let path = entryPath(step, key)
        guard let data = FileManager.default.contents(atPath: path) else {
            bump { $0.misses += 1 }
            return nil
        }
        guard let array = CachedArrayFile.decode(data) else {
            try? FileManager.default.removeItem(atPath: path)
            bump { $0.rejected += 1; $0.misses += 1 }
            return nil
        }
        bump { $0.hits += 1 }
        return array
    }

    /// Writes an entry atomically; a failure warns (once) and is otherwise ignored.
    /// `computedOnEveryRank`: the result was computed by every process of a parallel job
    /// (the group mask), so only the writer process (MPI rank 0) stores it — no two ranks
    /// write one entry. Work the executor distributes is stored by the rank that did it.
    public func store(_ step: String, key: String, _ array: NDArray, computedOnEveryRank: Bool = false) {
        if computedOnEveryRank && !AtomicFile.writesResults { return }
        do {
            let folder = (root as NSString).appendingPathComponent(step)
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try MemoryBudget.check(count: array.size, elementBytes: 8, "a cache entry of \(array.shape)")
            try AtomicFile.write(entryPath(step, key), data: CachedArrayFile.encode(array), kind: .cacheEntry)
        } catch {
            lock.lock()
            let first = !warned
            warned = true
            lock.unlock()
            if first { warn("cannot write to the cache \(directory) (\(Self.reason(error))); going on without caching") }
        }
    }

    private func entryPath(_ step: String, _ key: String) -> String {
        (root as NSString).appendingPathComponent("\(step)/\(key).nlsa")
    }

    private func bump(_ f: (inout (hits: Int, misses: Int, rejected: Int)) -> Void) {
        lock.lock(); f(&counts); lock.unlock()
    }

    private static func reason(_ error: Error) -> String {
        if let e = error as? CocoaError, let u = e.underlying as? POSIXError { return String(cString: strerror(u.code.rawValue)) }
        return "\(error)"
    }

    // MARK: inspecting and clearing (`%cache`)

    /// Per step: entries and bytes.
    public static func usage(directory: String) -> [(step: String, entries: Int, bytes: Int)] {
        let root = (directory as NSString).appendingPathComponent("nls")
        let fm = FileManager.default
        guard let steps = try? fm.contentsOfDirectory(atPath: root) else { return [] }
        return steps.sorted().compactMap { step in
            let folder = (root as NSString).appendingPathComponent(step)
            guard let files = try? fm.contentsOfDirectory(atPath: folder) else { return nil }
            var n = 0, bytes = 0
            for f in files where f.hasSuffix(".nlsa") {
                n += 1
                let size = (try? fm.attributesOfItem(atPath: (folder as NSString).appendingPathComponent(f))[.size]) as? NSNumber
                bytes += size?.intValue ?? 0
            }
            return (step, n, bytes)
        }
    }

    /// Removes every entry (only nls's own folder inside `directory`); returns how many.
    @discardableResult
    public static func clear(directory: String) throws -> Int {
        let root = (directory as NSString).appendingPathComponent("nls")
        let n = usage(directory: directory).reduce(0) { $0 + $1.entries }
        guard FileManager.default.fileExists(atPath: root) else { return 0 }
        do { try FileManager.default.removeItem(atPath: root) } catch {
            throw LearnError("cannot clear the cache \(directory): \(reason(error))")
        }
        return n
    }
}
