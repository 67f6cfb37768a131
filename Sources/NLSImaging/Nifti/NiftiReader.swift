import CNifti
import Foundation
import NLSCompute

/// Reads .nii / .nii.gz files (NIfTI-1 and NIfTI-2) with libnifti and its znz I/O layer.
///
/// The header is checked from its raw bytes before libnifti sees the file, so garbage,
/// truncated or inconsistent files give one `ImagingError` line and libnifti prints nothing.
/// Memory: voxel data are decoded in 4 MiB chunks straight into the `Double` storage, so the
/// peak is the final array (8 bytes per voxel) plus one 4 MiB buffer; no second full copy.
public enum NiftiReader {
    static let chunkBytes = 1 << 22
    /// Largest expansion a deflate stream can achieve (~1032:1); used to reject gzip files
    /// whose declared dimensions cannot possibly be backed by their compressed size.
    static let maxDeflateRatio = 1100

    static func compressionFlag(_ path: String) throws -> Int32 {
        if path.hasSuffix(".nii.gz") { return 1 }
        if path.hasSuffix(".nii") { return 0 }
        throw ImagingError("\(path): unsupported file name (expected .nii or .nii.gz)")
    }

    static func readHeaderBytes(_ path: String, gz: Int32) throws -> [UInt8] {
        guard let fp = znzopen(path, "rb", gz) else { throw ImagingError("\(path): cannot open file") }
        var f: znzFile? = fp
        defer { _ = Xznzclose(&f) }
        var buf = [UInt8](repeating: 0, count: 540)
        var got = 0
        // znzread returns gzread's -1 unchanged on corrupt streams: check the range.
        // Read in two steps: NIfTI-1 files may be shorter than 540 bytes.
        let n1 = buf.withUnsafeMutableBytes { znzread($0.baseAddress, 1, 348, fp) }
        if n1 < 0 || n1 > 348 { throw ImagingError("\(path): corrupt compressed header") }
        got = n1
        if got == 348 {
            let n2 = buf.withUnsafeMutableBytes { znzread($0.baseAddress! + 348, 1, 192, fp) }
            if n2 >= 0 && n2 <= 192 { got += n2 }
        }
        return Array(buf[0..<got])
    }

    /// Everything known about a file before its voxel data are read.
    struct Prepared {
        var facts: RawHeaderFacts
        var dims: [Int]          // 3 or 4 entries, nibabel order
        var header: NiftiHeader
        var affine: [Double]
        var gz: Int32
        var slope: Double, inter: Double, scaled: Bool
        var dtype: DType
    }

    /// Validates the file and reads its header (own checks first, then libnifti).
    static func prepare(_ path: String) throws -> Prepared {
        let gz = try compressionFlag(path)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw ImagingError("\(path): no such file")
        }
        guard !isDir.boolValue else { throw ImagingError("\(path): is a directory") }
        guard let attrs = try? FileManager.default.attributesOfItem(atPath: path),
              let fileSize = (attrs[.size] as? NSNumber)?.intValue else {
            throw ImagingError("\(path): cannot read file attributes")
        }
        let facts = try RawHeaderParser.parse(try readHeaderBytes(path, gz: gz), path: path)
        let needed = facts.voxOffset + facts.dataBytes
        if gz == 0 {
            guard fileSize >= needed else {
                throw ImagingError("\(path): truncated file (\(fileSize) bytes, header declares \(needed))")
            }
        } else if needed / maxDeflateRatio > fileSize + 65536 {
            throw ImagingError("\(path): compressed file of \(fileSize) bytes cannot hold the \(needed) bytes its header declares (truncated or corrupt)")
        }
        var dims = facts.dims
        while dims.count < 3 { dims.append(1) }
        if dims.count > 4 {
            guard dims[4...].allSatisfy({ $0 == 1 }) else {
                throw ImagingError("\(path): images with more than 4 dimensions are not supported (shape \(dims))")
            }
            dims = Array(dims[0..<4])
        }

        nifti_set_debug_level(0)
        guard let nim = nifti_image_read(path, 0) else {
            throw ImagingError("\(path): libnifti could not read the header")
        }
        defer { nifti_image_free(nim) }
        let header = makeHeader(nim.pointee, facts: facts)
        var affine: [Double]
        if header.sformCode > 0, let s = header.sform { affine = s }
        else if header.qformCode > 0, let q = header.qform { affine = q }
        else { affine = Affine.base(dims: dims, zooms: Array(header.pixdim[1...3])) }
        if !affine.allSatisfy({ $0.isFinite }) {
            throw ImagingError("\(path): non-finite values in the affine")
        }
        var slope = facts.sclSlope, inter = facts.sclInter
        if slope == 0 || !slope.isFinite { slope = 1; inter = 0 }
        if !inter.isFinite { inter = 0 }
        let scaled = !(slope == 1 && inter == 0)
        let dtype: DType
        if scaled || facts.datatype == .float64 { dtype = .float64 }
        else if facts.datatype == .float32 { dtype = .float32 }
        else { dtype = .int64 }
        return Prepared(facts: facts, dims: dims, header: header, affine: affine, gz: gz,
                        slope: slope, inter: inter, scaled: scaled, dtype: dtype)
    }

    /// A file's shape (nibabel order) and affine from its header alone, without reading the
    /// voxels (to check inputs before long work, and to rebuild cached masks).
    public static func geometry(_ path: String) throws -> (shape: [Int], affine: [Double]) {
        let p = try prepare(path)
        return (p.dims, p.affine)
    }

    /// Loads an image. Applies scl_slope/scl_inter as nibabel does (slope 0 or non-finite
    /// means none); the affine is sform if sform_code > 0, else qform if qform_code > 0,
    /// else nibabel's pixdim-based base affine. `monitor` can stop the read between chunks.
    public static func load(_ path: String, monitor: ImagingMonitor = .standard) throws -> Image {
        let p = try prepare(path)
        do {
            try MemoryBudget.check(count: p.facts.voxelCount, elementBytes: MemoryLayout<Double>.stride, "\(path): image of \(p.facts.dims) voxels")
        } catch { throw ImagingError("\(error)") }
        var storage = ContiguousArray<Double>()
        storage.reserveCapacity(p.facts.voxelCount)
        try readVoxels(path: path, p, volumeBytes: chunkBytes, monitor: monitor) { storage.append(contentsOf: $0) }
        return try Image(shape: p.dims, storage: storage, affine: p.affine, dtype: p.dtype, header: p.header)
    }

    /// Streams the image one 3-D volume at a time (peak memory: one volume), calling `body`
    /// with the volume index and its values (NIfTI order, scaling applied). Returns the
    /// header information of the 4-D (or 3-D) image, with an empty storage.
    static func forEachVolume(_ path: String, monitor: ImagingMonitor = .standard,
                              _ body: (Int, ContiguousArray<Double>) throws -> Void) throws -> Prepared {
        let p = try prepare(path)
        let nvox = p.dims[0] * p.dims[1] * p.dims[2]
        var t = 0
        var vol = ContiguousArray<Double>()
        vol.reserveCapacity(nvox)
        try readVoxels(path: path, p, volumeBytes: nvox * p.facts.datatype.bytesPerVoxel, monitor: monitor) { chunk in
            var idx = 0
            while idx < chunk.count {
                let take = min(nvox - vol.count, chunk.count - idx)
                vol.append(contentsOf: chunk[idx..<(idx + take)])
                idx += take
                if vol.count == nvox {
                    try body(t, vol)
                    t += 1
                    vol.removeAll(keepingCapacity: true)
                }
            }
        }
        return p
    }

    /// Reads the voxel data in chunks of at most `volumeBytes` bytes (rounded to whole voxels)
    /// and hands each decoded, scaled chunk to `sink`. Before each chunk `monitor` may stop
    /// the read (`CancellationError`); after each it hears of completed volumes.
    static func readVoxels(path: String, _ p: Prepared, volumeBytes: Int, monitor: ImagingMonitor = .standard,
                           _ sink: (ContiguousArray<Double>) throws -> Void) throws {
        let facts = p.facts
        guard let fp = znzopen(path, "rb", p.gz) else { throw ImagingError("\(path): cannot open file") }
        var f: znzFile? = fp
        defer { _ = Xznzclose(&f) }
        if znzseek(fp, off_t(facts.voxOffset), SEEK_SET) < 0 {
            throw ImagingError("\(path): cannot seek to the voxel data (truncated or corrupt)")
        }
        let bpv = facts.datatype.bytesPerVoxel
        let step = max(bpv, min(volumeBytes, chunkBytes) / bpv * bpv)
        var chunk = [UInt8](repeating: 0, count: min(step, max(facts.dataBytes, 1)))
        var out = ContiguousArray<Double>()
        out.reserveCapacity(chunk.count / bpv)
        var remaining = facts.dataBytes
        let bytesPerVolume = max(1, p.dims[0] * p.dims[1] * p.dims[2] * bpv)
        let volumes = p.dims.count == 4 ? p.dims[3] : 1
        var reported = 0
        while remaining > 0 {
            try monitor.checkStop()
            let n = min(remaining, chunk.count)
            let got = chunk.withUnsafeMutableBytes { znzread($0.baseAddress, 1, n, fp) }
            guard got == n else {
                throw ImagingError("\(path): truncated or corrupt voxel data (expected \(facts.dataBytes) bytes)")
            }
            out.removeAll(keepingCapacity: true)
            chunk.withUnsafeBytes { raw in
                decode(raw, count: n / bpv, type: facts.datatype, swapped: facts.swapped, into: &out)
            }
            if p.scaled {
                let slope = p.slope, inter = p.inter
                out.withUnsafeMutableBufferPointer { q in
                    for i in 0..<q.count { q[i] = q[i] * slope + inter }
                }
            }
            try sink(out)
            remaining -= n
            if let progress = monitor.progress {
                let done = min(volumes, (facts.dataBytes - remaining) / bytesPerVolume)
                if done > reported { reported = done; progress(done, volumes) }
            }
        }
    }

    static func decode(_ raw: UnsafeRawBufferPointer, count: Int, type: NiftiDataType, swapped: Bool,
                       into out: inout ContiguousArray<Double>) {
        let base = out.count
        out.append(contentsOf: repeatElement(0, count: count))
        out.withUnsafeMutableBufferPointer { buf in
            let o = UnsafeMutableBufferPointer(rebasing: buf[base..<(base + count)])
            switch type {
            case .uint8: for i in 0..<count { o[i] = Double(raw[i]) }
            case .int8: for i in 0..<count { o[i] = Double(Int8(bitPattern: raw[i])) }
            case .int16:
                if swapped { for i in 0..<count { o[i] = Double(Int16(bitPattern: raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self).byteSwapped)) } }
                else { for i in 0..<count { o[i] = Double(raw.loadUnaligned(fromByteOffset: 2 * i, as: Int16.self)) } }
            case .uint16:
                for i in 0..<count {
                    let v = raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)
                    o[i] = Double(swapped ? v.byteSwapped : v)
                }
            case .int32:
                for i in 0..<count {
                    let v = raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)
                    o[i] = Double(Int32(bitPattern: swapped ? v.byteSwapped : v))
                }
            case .float32:
                for i in 0..<count {
                    let v = raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)
                    o[i] = Double(Float(bitPattern: swapped ? v.byteSwapped : v))
                }
            case .float64:
                for i in 0..<count {
                    let v = raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)
                    o[i] = Double(bitPattern: swapped ? v.byteSwapped : v)
                }
            }
        }
    }

    static func matrix(_ m: nifti_dmat44) -> [Double] {
        let r = [m.m.0, m.m.1, m.m.2, m.m.3]
        return r.flatMap { [$0.0, $0.1, $0.2, $0.3] }
    }

    static func makeHeader(_ nim: nifti_image, facts: RawHeaderFacts) -> NiftiHeader {
        var h = NiftiHeader()
        h.datatype = facts.datatype
        let p = nim.pixdim
        h.pixdim = [p.0, p.1, p.2, p.3, p.4, p.5, p.6, p.7]
        h.pixdim[0] = nim.qfac < 0 ? -1 : 1
        h.spatialUnits = nim.xyz_units
        h.temporalUnits = nim.time_units
        h.qformCode = nim.qform_code
        h.sformCode = nim.sform_code
        h.qform = nim.qform_code > 0 ? matrix(nim.qto_xyz) : nil
        h.sform = nim.sform_code > 0 ? matrix(nim.sto_xyz) : nil
        h.sclSlope = facts.sclSlope
        h.sclInter = facts.sclInter
        var d = nim.descrip
        h.descrip = withUnsafeBytes(of: &d) { raw in
            let bytes = raw.prefix(80).prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
        h.intentCode = nim.intent_code
        h.toffset = nim.toffset
        h.niftiVersion = facts.version
        return h
    }
}

/// Loads a NIfTI image (.nii or .nii.gz). See `NiftiReader.load`.
public func loadImage(_ path: String) throws -> Image { try NiftiReader.load(path) }
