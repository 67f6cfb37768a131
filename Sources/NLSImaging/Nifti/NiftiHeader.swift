/// Header fields kept with an `Image` so that a load → save round trip preserves them.
public struct NiftiHeader: Sendable, Equatable {
    /// Datatype on disk (and the one `saveImage` writes unless the values do not fit).
    public var datatype: NiftiDataType = .float32
    /// pixdim[0...7] as in the file (pixdim[0] = qfac, pixdim[4] = TR when time units are set).
    public var pixdim: [Double] = [1, 1, 1, 1, 1, 1, 1, 1]
    /// NIfTI spatial unit code (2 = mm) and temporal unit code (8 = s, 16 = ms, 24 = us).
    public var spatialUnits: Int32 = 2
    public var temporalUnits: Int32 = 8
    public var qformCode: Int32 = 0
    public var sformCode: Int32 = 0
    /// qform and sform matrices (4×4 row-major) when the respective code is > 0.
    public var qform: [Double]? = nil
    public var sform: [Double]? = nil
    public var sclSlope: Double = 0
    public var sclInter: Double = 0
    public var descrip: String = ""
    public var intentCode: Int32 = 0
    public var toffset: Double = 0
    /// 1 or 2: version of the file read (writing picks 1 unless the image does not fit).
    public var niftiVersion: Int = 1

    public init() {}

    /// Repetition time in seconds from pixdim[4] and the temporal units (nil if unknown).
    public var repetitionTime: Double? {
        let tr = pixdim.count > 4 ? pixdim[4] : 0
        guard tr > 0, tr.isFinite else { return nil }
        switch temporalUnits {
        case 16: return tr / 1000
        case 24: return tr / 1_000_000
        default: return tr
        }
    }
}

/// What the pre-validation learns from the raw header bytes before libnifti sees the file.
struct RawHeaderFacts {
    var version: Int
    var swapped: Bool
    var dims: [Int]            // dim[1...dim[0]]
    var datatype: NiftiDataType
    var voxOffset: Int
    var sclSlope: Double
    var sclInter: Double
    var dataBytes: Int
    var voxelCount: Int
}

/// Parses and checks the first bytes of a NIfTI-1 / NIfTI-2 single-file header.
enum RawHeaderParser {
    // Long by design: the header checks in file order, each one line with its own message.
    static func parse(_ b: [UInt8], path: String) throws -> RawHeaderFacts {
        func fail(_ why: String) -> ImagingError { ImagingError("\(path): \(why)") }
        guard b.count >= 4 else { throw fail("file too short to hold a NIfTI header (\(b.count) bytes)") }
        let le = { (o: Int, n: Int) -> UInt64 in
            var v: UInt64 = 0
            for i in 0..<n { v |= UInt64(b[o + i]) << (8 * UInt64(i)) }
            return v
        }
        let be = { (o: Int, n: Int) -> UInt64 in
            var v: UInt64 = 0
            for i in 0..<n { v = (v << 8) | UInt64(b[o + i]) }
            return v
        }
        let sizeLE = le(0, 4), sizeBE = be(0, 4)
        let version: Int, swapped: Bool
        if sizeLE == 348 { version = 1; swapped = false }
        else if sizeBE == 348 { version = 1; swapped = true }
        else if sizeLE == 540 { version = 2; swapped = false }
        else if sizeBE == 540 { version = 2; swapped = true }
        else {
            if b.count >= 2 && b[0] == 0x1f && b[1] == 0x8b {
                throw fail("gzip-compressed data in a file whose name does not end in .gz")
            }
            throw fail("not a NIfTI file (bad header size field)")
        }
        let hsize = version == 1 ? 348 : 540
        guard b.count >= hsize else { throw fail("truncated NIfTI header (\(b.count) of \(hsize) bytes)") }
        let rd = { (o: Int, n: Int) -> UInt64 in swapped ? be(o, n) : le(o, n) }
        let i16 = { (o: Int) -> Int in Int(Int16(truncatingIfNeeded: rd(o, 2))) }
        let i64 = { (o: Int) -> Int64 in Int64(bitPattern: rd(o, 8)) }
        let f32 = { (o: Int) -> Double in Double(Float(bitPattern: UInt32(truncatingIfNeeded: rd(o, 4)))) }
        let f64 = { (o: Int) -> Double in Double(bitPattern: rd(o, 8)) }

        var dimRaw = [Int64](repeating: 0, count: 8)
        let dtypeCode: Int, bitpix: Int, voxOffsetD: Double, slope: Double, inter: Double
        if version == 1 {
            let magic = Array(b[344..<348])
            if magic == [0x6e, 0x69, 0x31, 0] { throw fail("two-file NIfTI (.hdr/.img) is not supported; convert it to .nii") }
            guard magic == [0x6e, 0x2b, 0x31, 0] else { throw fail("not a NIfTI-1 file (bad magic)") }
            for d in 0..<8 { dimRaw[d] = Int64(i16(40 + 2 * d)) }
            dtypeCode = i16(70); bitpix = i16(72)
            voxOffsetD = f32(108); slope = f32(112); inter = f32(116)
        } else {
            let magic = Array(b[4..<12])
            guard magic == [0x6e, 0x2b, 0x32, 0, 0x0d, 0x0a, 0x1a, 0x0a] else {
                if magic.starts(with: [0x6e, 0x69, 0x32, 0]) { throw fail("two-file NIfTI (.hdr/.img) is not supported; convert it to .nii") }
                throw fail("not a NIfTI-2 file (bad magic)")
            }
            dtypeCode = i16(12); bitpix = i16(14)
            for d in 0..<8 { dimRaw[d] = i64(16 + 8 * d) }
            voxOffsetD = Double(i64(168)); slope = f64(176); inter = f64(184)
        }
        let ndim = dimRaw[0]
        guard ndim >= 1 && ndim <= 7 else { throw fail("invalid number of dimensions dim[0] = \(ndim)") }
        var dims = [Int]()
        for d in 1...Int(ndim) {
            guard dimRaw[d] >= 1 && dimRaw[d] <= Int64(Int32.max) else { throw fail("invalid dimension dim[\(d)] = \(dimRaw[d])") }
            dims.append(Int(dimRaw[d]))
        }
        guard let dtype = NiftiDataType(rawValue: Int32(dtypeCode)) else {
            throw fail("unsupported NIfTI datatype code \(dtypeCode) (supported: uint8 int8 int16 uint16 int32 float32 float64)")
        }
        guard bitpix == dtype.bytesPerVoxel * 8 else {
            throw fail("bitpix \(bitpix) does not match datatype \(dtype.name)")
        }
        guard voxOffsetD.isFinite, voxOffsetD >= 0, voxOffsetD < 1e15, voxOffsetD == voxOffsetD.rounded() else {
            throw fail("invalid vox_offset \(voxOffsetD)")
        }
        // A single file holds the header and the 4-byte extension flag before the voxels
        // (the standard: vox_offset ≥ 352 for NIfTI-1, ≥ 544 for NIfTI-2).
        guard Int(voxOffsetD) >= hsize + 4 else {
            throw fail("vox_offset \(Int(voxOffsetD)) is inside the header; a single-file NIfTI-\(version) needs vox_offset ≥ \(hsize + 4)")
        }
        var count = 1
        for d in dims {
            let (r, o) = count.multipliedReportingOverflow(by: d)
            guard !o else { throw fail("dimensions \(dims) overflow") }
            count = r
        }
        let (bytes, o2) = count.multipliedReportingOverflow(by: dtype.bytesPerVoxel)
        guard !o2, bytes < Int.max / 16 else { throw fail("dimensions \(dims) overflow") }
        guard slope.isFinite && inter.isFinite else { throw fail("non-finite scl_slope/scl_inter") }
        return RawHeaderFacts(version: version, swapped: swapped, dims: dims, datatype: dtype,
                              voxOffset: Int(voxOffsetD), sclSlope: slope, sclInter: inter,
                              dataBytes: bytes, voxelCount: count)
    }
}
