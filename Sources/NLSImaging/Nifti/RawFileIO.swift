import CNifti
import Foundation

/// Whole-file byte I/O through libnifti's znz layer (gzip when `compress`); used by tests
/// to build corrupted files and by tools that need the raw header bytes.
enum RawFileIO {
    static func read(_ path: String, compressed: Bool) throws -> [UInt8] {
        guard let fp = znzopen(path, "rb", compressed ? 1 : 0) else { throw ImagingError("\(path): cannot open file") }
        var f: znzFile? = fp
        defer { _ = Xznzclose(&f) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { znzread($0.baseAddress, 1, 1 << 16, fp) }
            if n <= 0 || n > 1 << 16 { break }
            out += chunk[0..<n]
            if n < 1 << 16 { break }
        }
        return out
    }

    static func write(_ bytes: [UInt8], to path: String, compressed: Bool) throws {
        guard let fp = znzopen(path, "wb", compressed ? 1 : 0) else { throw ImagingError("\(path): cannot create file") }
        var f: znzFile? = fp
        let n = bytes.withUnsafeBytes { znzwrite($0.baseAddress, 1, bytes.count, fp) }
        let c = Xznzclose(&f)
        guard n == bytes.count, c == 0 else { throw ImagingError("\(path): write failed") }
    }
}
