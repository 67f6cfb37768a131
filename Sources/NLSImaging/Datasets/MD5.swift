import Foundation

/// MD5 (RFC 1321), streamed: the checksum the datasets' servers publish (pymvpa's
/// `MD5SUMS`, nilearn's `md5sum` options). Used to verify downloads, not for security.
public struct MD5 {
    private var state: (UInt32, UInt32, UInt32, UInt32) = (0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476)
    private var buffer: [UInt8] = []
    private var length: UInt64 = 0

    private static let s: [UInt32] = [7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
                                      5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
                                      4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
                                      6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21]
    private static let k: [UInt32] = (0..<64).map { i in UInt32(truncatingIfNeeded: Int64(abs(sin(Double(i + 1))) * 4_294_967_296)) }

    public init() {}

    public mutating func update(_ data: Data) {
        length &+= UInt64(data.count)
        buffer.append(contentsOf: data)
        var offset = 0
        while buffer.count - offset >= 64 {
            process(buffer, at: offset)
            offset += 64
        }
        if offset > 0 { buffer.removeFirst(offset) }
    }

    public mutating func finalize() -> String {
        let bits = length &* 8
        var tail: [UInt8] = [0x80]
        while (buffer.count + tail.count) % 64 != 56 { tail.append(0) }
        for i in 0..<8 { tail.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(i)))) }
        buffer.append(contentsOf: tail)
        var offset = 0
        while offset < buffer.count { process(buffer, at: offset); offset += 64 }
        buffer = []
        var out = ""
        for word in [state.0, state.1, state.2, state.3] {
            for i in 0..<4 { out += String(format: "%02x", (word >> (8 * UInt32(i))) & 0xff) }
        }
        return out
    }

    private mutating func process(_ b: [UInt8], at o: Int) {
        var m = [UInt32](repeating: 0, count: 16)
        for i in 0..<16 {
            m[i] = UInt32(b[o + 4 * i]) | UInt32(b[o + 4 * i + 1]) << 8 | UInt32(b[o + 4 * i + 2]) << 16 | UInt32(b[o + 4 * i + 3]) << 24
        }
        var (a, bb, c, d) = state
        for i in 0..<64 {
            var f: UInt32, g: Int
            switch i {
            case 0..<16: f = (bb & c) | (~bb & d); g = i
            case 16..<32: f = (d & bb) | (~d & c); g = (5 * i + 1) % 16
            case 32..<48: f = bb ^ c ^ d; g = (3 * i + 5) % 16
            default: f = c ^ (bb | ~d); g = (7 * i) % 16
            }
            f = f &+ a &+ MD5.k[i] &+ m[g]
            a = d; d = c; c = bb
            bb = bb &+ ((f << MD5.s[i]) | (f >> (32 - MD5.s[i])))
        }
        state = (state.0 &+ a, state.1 &+ bb, state.2 &+ c, state.3 &+ d)
    }

    /// Hex digest of a file, read in 1 MiB chunks.
    public static func file(_ path: String) throws -> String {
        guard let h = FileHandle(forReadingAtPath: path) else { throw ImagingError("cannot read \(path)") }
        defer { try? h.close() }
        var md5 = MD5()
        while true {
            let chunk = h.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            md5.update(chunk)
        }
        return md5.finalize()
    }

    public static func hex(_ data: Data) -> String { var m = MD5(); m.update(data); return m.finalize() }
}
