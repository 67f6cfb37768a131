import Foundation
import NLSCompute

/// The on-disk form of one cached array:
///
///     "NLSCACH1"  dtype (u8)  element width (u8: 4 = float32, 8 = float64)  ndim (u16)
///     shape (ndim × i64)  values  XXH3-128 of everything before it (16 bytes)
///
/// Little-endian. Values are stored as float32 when every one of them is exactly a float32
/// (nilearn's float32 signals), so an entry reads back bit-identical to what was computed.
/// A file that is short, long, or whose checksum does not match is rejected.
enum CachedArrayFile {
    static let magic = Array("NLSCACH1".utf8)

    static func encode(_ a: NDArray) -> Data {
        let narrow = a.storage.allSatisfy { Double(Float($0)) == $0 || $0.isNaN }
        var d = Data(magic)
        d.append(UInt8(DType.allCases.firstIndex(of: a.dtype) ?? 0))
        d.append(narrow ? 4 : 8)
        var ndim = UInt16(a.shape.count).littleEndian
        withUnsafeBytes(of: &ndim) { d.append(contentsOf: $0) }
        for n in a.shape { var v = Int64(n).littleEndian; withUnsafeBytes(of: &v) { d.append(contentsOf: $0) } }
        if narrow {
            let f = a.storage.map { Float($0).bitPattern.littleEndian }
            f.withUnsafeBytes { d.append(contentsOf: $0) }
        } else {
            let b = a.storage.map { $0.bitPattern.littleEndian }
            b.withUnsafeBytes { d.append(contentsOf: $0) }
        }
        d.append(contentsOf: checksum(d))
        return d
    }

    /// The array, or nil when the bytes are not a complete, intact entry.
    static func decode(_ d: Data) -> NDArray? {
        let bytes = [UInt8](d)
        let head = magic.count + 4
        guard bytes.count >= head + 16, Array(bytes[0..<magic.count]) == magic else { return nil }
        let body = bytes.count - 16
        guard checksum(Data(bytes[0..<body])) == Array(bytes[body...]) else { return nil }
        let dtypeCode = Int(bytes[magic.count]), width = Int(bytes[magic.count + 1])
        guard dtypeCode < DType.allCases.count, width == 4 || width == 8 else { return nil }
        let ndim = Int(UInt16(bytes[magic.count + 2]) | UInt16(bytes[magic.count + 3]) << 8)
        var pos = head
        var shape: [Int] = []
        var count = 1
        for _ in 0..<ndim {
            guard pos + 8 <= body else { return nil }
            let n = Int(readLE(bytes, pos, 8))
            guard n >= 0 else { return nil }
            let (c, o) = count.multipliedReportingOverflow(by: n)
            guard !o else { return nil }
            count = c; shape.append(n); pos += 8
        }
        guard body - pos == count * width else { return nil }
        var storage = ContiguousArray<Double>(repeating: 0, count: count)
        for i in 0..<count {
            let bits = readLE(bytes, pos + i * width, width)
            storage[i] = width == 4 ? Double(Float(bitPattern: UInt32(bits))) : Double(bitPattern: bits)
        }
        return NDArray(shape: shape, storage: storage, dtype: DType.allCases[dtypeCode])
    }

    private static func readLE(_ b: [UInt8], _ at: Int, _ n: Int) -> UInt64 {
        var v: UInt64 = 0
        for k in 0..<n { v |= UInt64(b[at + k]) << (8 * UInt64(k)) }
        return v
    }

    private static func checksum(_ d: Data) -> [UInt8] {
        let hex = d.withUnsafeBytes { ContentHash.of(bytes: $0) }
        var out: [UInt8] = []
        var i = hex.startIndex
        while i < hex.endIndex {
            let j = hex.index(i, offsetBy: 2)
            out.append(UInt8(hex[i..<j], radix: 16) ?? 0)
            i = j
        }
        return out
    }
}
