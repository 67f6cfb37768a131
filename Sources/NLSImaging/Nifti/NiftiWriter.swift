import CNifti
import Foundation
import NLSCompute

/// Writes single-file NIfTI (.nii, or gzip-compressed .nii.gz) atomically.
///
/// The header is built here (quaternion from libnifti's `nifti_dmat44_to_quatern`), data go
/// through libnifti's znz layer, every write/close result is checked, and the file is
/// written under a temporary name in the destination directory then `rename(2)`d into place;
/// on any failure the temporary file is removed, so no partial file is ever left behind.
/// NIfTI-1 is written unless a dimension exceeds 32767 (then NIfTI-2).
public enum NiftiWriter {
    /// On-disk encoding chosen for an image: the header's datatype when the values fit it
    /// exactly (integers: integral and in range after the header's scl_slope/scl_inter),
    /// float32 when the header asks for it, float64 otherwise.
    static func encoding(for img: Image) -> (NiftiDataType, Double, Double) {
        let want = img.header.datatype
        guard let range = want.integerRange else { return (want, 0, 0) }
        var slope = img.header.sclSlope, inter = img.header.sclInter
        if slope == 0 || !slope.isFinite { slope = 1; inter = 0 }
        if !inter.isFinite { inter = 0 }
        var fits = true
        img.storage.withUnsafeBufferPointer { p in
            for v in p {
                let s = (v - inter) / slope
                if !(s.isFinite && s == s.rounded() && range.contains(s)) { fits = false; break }
            }
        }
        if fits { return (want, (slope == 1 && inter == 0) ? 0 : slope, slope == 1 && inter == 0 ? 0 : inter) }
        return (img.dtype == .float32 ? .float32 : .float64, 0, 0)
    }

    static func headerBytes(_ img: Image, type: NiftiDataType, slope: Double, inter: Double, version: Int) -> [UInt8] {
        let size = version == 1 ? 348 : 540
        var b = [UInt8](repeating: 0, count: size + 4)   // + 4-byte extension flag (no extensions)
        func put<T: FixedWidthInteger>(_ v: T, _ o: Int) {
            withUnsafeBytes(of: v.littleEndian) { for (i, x) in $0.enumerated() { b[o + i] = x } }
        }
        func putF(_ v: Double, _ o: Int) { if version == 1 { put(Float(v).bitPattern, o) } else { put(v.bitPattern, o) } }
        func putS(_ s: String, _ o: Int, _ n: Int) { for (i, x) in s.utf8.prefix(n - 1).enumerated() { b[o + i] = x } }

        let h = img.header
        let a = img.affine
        var R = nifti_dmat44()
        R.m = ((a[0], a[1], a[2], a[3]), (a[4], a[5], a[6], a[7]), (a[8], a[9], a[10], a[11]), (0, 0, 0, 1))
        var qb = 0.0, qc = 0.0, qd = 0.0, qx = 0.0, qy = 0.0, qz = 0.0, dx = 0.0, dy = 0.0, dz = 0.0, qfac = 0.0
        nifti_dmat44_to_quatern(R, &qb, &qc, &qd, &qx, &qy, &qz, &dx, &dy, &dz, &qfac)
        var pixdim = h.pixdim.count == 8 ? h.pixdim : [1, 1, 1, 1, 1, 1, 1, 1]
        pixdim[0] = qfac < 0 ? -1 : 1
        let vs = img.voxelSize
        pixdim[1] = vs[0]; pixdim[2] = vs[1]; pixdim[3] = vs[2]
        if !img.is4D { pixdim[4] = 0 }
        var qcode = h.qformCode, scode = h.sformCode
        if qcode <= 0 && scode <= 0 { scode = 2 }
        if qcode < 0 { qcode = 0 }
        let shape = img.shape
        let voxOffset = size + 4
        let units = UInt8(truncatingIfNeeded: (h.spatialUnits & 7) | (h.temporalUnits & 0x38))
        let srow = [Array(a[0..<4]), Array(a[4..<8]), Array(a[8..<12])]
        if version == 1 {
            put(Int32(348), 0)
            b[38] = UInt8(ascii: "r")
            put(Int16(shape.count), 40)
            for (d, n) in shape.enumerated() { put(Int16(n), 42 + 2 * d) }
            for d in shape.count..<7 { put(Int16(1), 42 + 2 * d) }
            put(Int16(truncatingIfNeeded: h.intentCode), 68)
            put(Int16(type.rawValue), 70)
            put(Int16(type.bytesPerVoxel * 8), 72)
            for d in 0..<8 { putF(pixdim[d], 76 + 4 * d) }
            putF(Double(voxOffset), 108)
            putF(slope, 112); putF(inter, 116)
            b[123] = units
            putF(h.toffset, 136)
            putS(h.descrip, 148, 80)
            put(Int16(clamping: qcode), 252); put(Int16(clamping: scode), 254)
            putF(qb, 256); putF(qc, 260); putF(qd, 264)
            putF(qx, 268); putF(qy, 272); putF(qz, 276)
            for r in 0..<3 { for c in 0..<4 { putF(srow[r][c], 280 + 16 * r + 4 * c) } }
            b[344] = 0x6e; b[345] = 0x2b; b[346] = 0x31
        } else {
            put(Int32(540), 0)
            for (i, x) in [0x6e, 0x2b, 0x32, 0, 0x0d, 0x0a, 0x1a, 0x0a].enumerated() { b[4 + i] = UInt8(x) }
            put(Int16(type.rawValue), 12)
            put(Int16(type.bytesPerVoxel * 8), 14)
            put(Int64(shape.count), 16)
            for (d, n) in shape.enumerated() { put(Int64(n), 24 + 8 * d) }
            for d in shape.count..<7 { put(Int64(1), 24 + 8 * d) }
            for d in 0..<8 { putF(pixdim[d], 104 + 8 * d) }
            put(Int64(voxOffset), 168)
            putF(slope, 176); putF(inter, 184)
            putF(h.toffset, 216)
            putS(h.descrip, 240, 80)
            put(Int32(qcode), 344); put(Int32(scode), 348)
            putF(qb, 352); putF(qc, 360); putF(qd, 368)
            putF(qx, 376); putF(qy, 384); putF(qz, 392)
            for r in 0..<3 { for c in 0..<4 { putF(srow[r][c], 400 + 32 * r + 8 * c) } }
            put(Int32(units), 500)
            put(Int32(h.intentCode), 504)
        }
        return b
    }

    static func encodeChunk(_ src: ArraySlice<Double>, type: NiftiDataType, slope: Double, inter: Double) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(src.count * type.bytesPerVoxel)
        func put<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        let s = slope == 0 ? 1 : slope
        for v in src {
            let x = type.isInteger ? ((v - inter) / s).rounded() : v
            switch type {
            case .uint8: out.append(UInt8(x))
            case .int8: put(Int8(x))
            case .int16: put(Int16(x))
            case .uint16: put(UInt16(x))
            case .int32: put(Int32(x))
            case .float32: put(Float(x).bitPattern)
            case .float64: put(x.bitPattern)
            }
        }
        return out
    }

    /// Saves `img` to `path` (.nii or .nii.gz) through `AtomicFile`: atomically onto a
    /// regular file (through symbolic links), directly onto a FIFO or device.
    public static func save(_ img: Image, to path: String) throws {
        // A FIFO or device (`/dev/stdout`) has no extension to go by: uncompressed .nii.
        let special: Bool
        if case .direct = try? AtomicFile.destination(path) { special = true } else { special = false }
        let gz = special && !path.hasSuffix(".nii.gz") && !path.hasSuffix(".nii") ? 0 : try NiftiReader.compressionFlag(path)
        let ext = gz == 1 ? ".nii.gz" : ".nii"
        let (type, slope, inter) = encoding(for: img)
        let version = img.shape.allSatisfy { $0 <= 32767 } ? 1 : 2
        do {
            try AtomicFile.write(path, suffix: ext) { target, mode in
                guard let fp = znzopen(target, mode, gz) else {
                    throw ImagingError("cannot write \(path): \(String(cString: strerror(errno)).lowercased())")
                }
                var f: znzFile? = fp
                var failed = false
                let hdr = headerBytes(img, type: type, slope: slope, inter: inter, version: version)
                if hdr.withUnsafeBytes({ znzwrite($0.baseAddress, 1, hdr.count, fp) }) != hdr.count { failed = true }
                let storage = img.storage
                let per = max(1, (1 << 20) / 8)
                var start = 0
                while !failed && start < storage.count {
                    let end = min(storage.count, start + per)
                    let bytes = encodeChunk(storage[start..<end], type: type, slope: slope, inter: inter)
                    if bytes.withUnsafeBytes({ znzwrite($0.baseAddress, 1, bytes.count, fp) }) != bytes.count { failed = true }
                    start = end
                }
                let closeStatus = Xznzclose(&f)
                if failed || closeStatus != 0 { throw ImagingError("\(path): write failed (disk full or I/O error)") }
            }
        } catch let e as AtomicFile.WriteError {
            throw ImagingError(e.description)
        }
    }
}

/// Saves an image as .nii or .nii.gz (atomic; see `NiftiWriter`).
public func saveImage(_ img: Image, _ path: String) throws { try NiftiWriter.save(img, to: path) }
