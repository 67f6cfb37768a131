import CXXHash
import Foundation
import NLSCompute

/// A 128-bit content digest (XXH3-128, ~10 GB/s), written as 32 hex digits: the keys of
/// `DiskCache`, as joblib.Memory hashes a call's arguments. Not cryptographic: it guards
/// against stale results, not against an adversary writing into the cache folder.
public final class ContentHash {
    private let state: OpaquePointer

    public init() {
        // A few hundred bytes; failing to get them means the process is out of memory anyway.
        guard let s = XXH3_createState() else { fatalError("ContentHash: out of memory") }
        state = s
        XXH3_128bits_reset(state)
    }

    deinit { XXH3_freeState(state) }

    /// Bytes.
    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        XXH3_128bits_update(state, base, bytes.count)
    }

    /// A string, length-prefixed so that ("ab", "c") and ("a", "bc") differ.
    public func update(_ text: String) {
        let utf8 = Array(text.utf8)
        update(Int64(utf8.count))
        utf8.withUnsafeBytes { update($0) }
    }

    public func update(_ value: Int64) {
        withUnsafeBytes(of: value.littleEndian) { update($0) }
    }

    /// An array's dtype, shape and values (the float64 storage, whatever the dtype tag).
    public func update(_ array: NDArray) {
        update("NDArray \(array.dtype.rawValue) \(array.shape)")
        array.storage.withUnsafeBytes { update($0) }
    }

    /// A file's bytes, read in 4 MiB blocks (a file is keyed by what it holds, not by its
    /// path or modification time).
    public func update(filePath path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw LearnError("cannot read \(path) to hash it: \(String(cString: strerror(errno)))")
        }
        defer { try? handle.close() }
        while true {
            let block = try handle.read(upToCount: 4 << 20) ?? Data()
            if block.isEmpty { break }
            block.withUnsafeBytes { update($0) }
        }
    }

    /// The digest so far as 32 lowercase hex digits.
    public func hex() -> String {
        let h = XXH3_128bits_digest(state)
        return String(format: "%016llx%016llx", h.high64, h.low64)
    }

    /// The digest of a list of parts (strings describing a step and its parameters, and the
    /// digests of its inputs).
    public static func of(_ parts: [String]) -> String {
        let h = ContentHash()
        for p in parts { h.update(p) }
        return h.hex()
    }

    public static func of(_ array: NDArray) -> String {
        let h = ContentHash()
        h.update(array)
        return h.hex()
    }

    public static func of(filePath: String) throws -> String {
        let h = ContentHash()
        try h.update(filePath: filePath)
        return h.hex()
    }

    /// A checksum of raw bytes (the integrity check of a cache entry).
    public static func of(bytes: UnsafeRawBufferPointer) -> String {
        let h = ContentHash()
        h.update(bytes)
        return h.hex()
    }
}
