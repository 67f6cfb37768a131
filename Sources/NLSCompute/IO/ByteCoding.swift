import Foundation

/// A value that can travel between processes as bytes (results of work items run on
/// another MPI rank). Exact: doubles go as their bit patterns, so a result decoded on
/// another rank is bit-identical to the one computed.
public protocol ByteCodable {
    func encode(to w: inout ByteWriter)
    static func decode(from r: inout ByteReader) throws -> Self
}

/// Appends little-endian fixed-width fields.
public struct ByteWriter {
    public private(set) var bytes: [UInt8] = []
    public init() {}
    public mutating func put(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    public mutating func put(_ v: Int) { put(UInt64(bitPattern: Int64(v))) }
    public mutating func put(_ v: Double) { put(v.bitPattern) }
    public mutating func put(_ b: [UInt8]) { put(b.count); bytes.append(contentsOf: b) }
    public mutating func put<C: Collection>(doubles c: C) where C.Element == Double {
        put(c.count)
        // Bulk copy on little-endian hosts (every platform Swift targets here).
        let copied: Void? = c.withContiguousStorageIfAvailable { bytes.append(contentsOf: UnsafeRawBufferPointer($0)) }
        if copied == nil { for d in c { put(d) } }
    }
}

/// Reads what `ByteWriter` wrote; a short or malformed buffer throws, never traps.
public struct ByteReader {
    public struct Malformed: Error, CustomStringConvertible {
        public var description: String { "malformed result bytes from another process" }
    }
    let bytes: [UInt8]
    var at = 0
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public var atEnd: Bool { at == bytes.count }
    public mutating func uint64() throws -> UInt64 {
        guard at + 8 <= bytes.count else { throw Malformed() }
        var v: UInt64 = 0
        for k in 0..<8 { v |= UInt64(bytes[at + k]) << (8 * UInt64(k)) }
        at += 8
        return v
    }
    public mutating func int() throws -> Int { Int(Int64(bitPattern: try uint64())) }
    public mutating func double() throws -> Double { Double(bitPattern: try uint64()) }
    public mutating func count() throws -> Int {
        let n = try int()
        guard n >= 0, n <= bytes.count - at else { throw Malformed() }   // each element takes ≥ 1 byte
        return n
    }
    public mutating func byteArray() throws -> [UInt8] {
        let n = try count()
        defer { at += n }
        return Array(bytes[at..<at + n])
    }
    public mutating func doubles() throws -> ContiguousArray<Double> {
        let n = try count()
        guard n <= (bytes.count - at) / 8 else { throw Malformed() }
        let out = ContiguousArray<Double>(unsafeUninitializedCapacity: n) { buf, done in
            bytes.withUnsafeBytes { src in
                UnsafeMutableRawBufferPointer(buf).copyMemory(from: UnsafeRawBufferPointer(rebasing: src[at..<at + 8 * n]))
            }
            done = n
        }
        at += 8 * n
        return out
    }
}

extension Double: ByteCodable {
    public func encode(to w: inout ByteWriter) { w.put(self) }
    public static func decode(from r: inout ByteReader) throws -> Double { try r.double() }
}

extension Int: ByteCodable {
    public func encode(to w: inout ByteWriter) { w.put(self) }
    public static func decode(from r: inout ByteReader) throws -> Int { try r.int() }
}

extension Array: ByteCodable where Element: ByteCodable {
    public func encode(to w: inout ByteWriter) {
        if let d = self as? [Double] { w.put(doubles: d); return }   // the common case, without per-element dispatch
        w.put(count)
        for e in self { e.encode(to: &w) }
    }
    public static func decode(from r: inout ByteReader) throws -> [Element] {
        if Element.self == Double.self { return [Double](try r.doubles()) as! [Element] }
        let n = try r.count()
        return try (0..<n).map { _ in try Element.decode(from: &r) }
    }
}

extension Optional: ByteCodable where Wrapped: ByteCodable {
    public func encode(to w: inout ByteWriter) {
        switch self {
        case .none: w.put(0)
        case .some(let v): w.put(1); v.encode(to: &w)
        }
    }
    public static func decode(from r: inout ByteReader) throws -> Wrapped? {
        try r.int() == 0 ? nil : try Wrapped.decode(from: &r)
    }
}

extension NDArray: ByteCodable {
    public func encode(to w: inout ByteWriter) {
        w.put(Array(dtype.rawValue.utf8))
        shape.encode(to: &w)
        w.put(doubles: storage)
    }
    public static func decode(from r: inout ByteReader) throws -> NDArray {
        guard let dtype = DType(rawValue: String(decoding: try r.byteArray(), as: UTF8.self)) else { throw ByteReader.Malformed() }
        let shape = try [Int].decode(from: &r)
        let storage = try r.doubles()
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == storage.count else { throw ByteReader.Malformed() }
        var a = NDArray(shape: shape, storage: storage)
        a.dtype = dtype
        return a
    }
}
