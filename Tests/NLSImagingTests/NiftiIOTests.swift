import XCTest
import NLSCompute
@testable import NLSImaging

final class NiftiIOTests: XCTestCase {
    func testLoadSmallFmri() throws {
        let img = try loadImage(Fixture.path("small_fmri.nii.gz"))
        XCTAssertEqual(img.shape, [12, 14, 10, 300])
        XCTAssertEqual(img.dtype, .float64)          // int16 with scl_slope 4 -> float64
        XCTAssertEqual(img.header.datatype, .int16)
        XCTAssertEqual(img.header.sclSlope, 4)
        XCTAssertEqual(img.affine, [3, 0, 0, -16.5, 0, 3, 0, -59.5, 0, 0, 3, -3.5, 0, 0, 0, 1])
        XCTAssertEqual(img.repetitionTime, 2.0)
        let mask = try loadImage(Fixture.path("small_mask.nii.gz"))
        XCTAssertEqual(mask.shape, [12, 14, 10])
        XCTAssertEqual(mask.dtype, .int64)
        XCTAssertEqual(try maskVoxelCount(mask), 488)
    }

    func testMaskedMatrixMatchesNilearn() throws {
        let img = try loadImage(Fixture.path("small_fmri.nii.gz"))
        let mask = try loadImage(Fixture.path("small_mask.nii.gz"))
        let y = try applyMask(img, mask)
        XCTAssertEqual(y.shape, [300, 488])
        XCTAssertEqual(y.dtype, .float64)
        let ref = Fixture.csv("small_masked_fmri.csv")
        XCTAssertEqual(ref.count, 300)
        let (a, r) = maxRelDiff(Array(y.storage), ref.flatMap { $0 })
        XCTAssertLessThanOrEqual(r, 1e-6, "max abs \(a) rel \(r)")
        // column order = np.where(mask): check against voxel_ijk.csv
        let ijk = Fixture.csv("small_voxel_ijk.csv")
        XCTAssertEqual(ijk.count, 488)
        for (c, v) in ijk.enumerated() {
            XCTAssertEqual(img.value(Int(v[0]), Int(v[1]), Int(v[2]), 7), y[7, c])
        }
        // unmask inverts apply_mask
        let back = try unmask(y, mask)
        XCTAssertEqual(back.shape, [12, 14, 10, 300])
        XCTAssertEqual(try applyMask(back, mask), y)
    }
}

final class NiftiDatatypeTests: XCTestCase {
    let aff: [Double] = [2, 0, 0, -10, 0, 2.5, 0, 20, 0, 0, 3, -5, 0, 0, 0, 1]

    func expected(_ dt: String, _ i: Int, _ j: Int, _ k: Int) -> Double {
        if dt.hasPrefix("u") { return Double((i * 31 + j * 7 + k * 3) % 200) }
        if dt.hasPrefix("int") { return Double((i * 31 + j * 7 + k * 3) % 100 - 50) }
        return (Double(i) + 0.25 * Double(j) - 0.5 * Double(k)) * 1.5
    }

    func check(_ img: Image, _ dt: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(img.shape, [4, 5, 6], file: file, line: line)
        for k in 0..<6 { for j in 0..<5 { for i in 0..<4 {
            XCTAssertEqual(img.value(i, j, k)!, expected(dt, i, j, k), accuracy: 1e-6, "\(dt) \(i),\(j),\(k)", file: file, line: line)
        } } }
    }

    func testAllDatatypesAndRoundTrip() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for dt in ["uint8", "int8", "int16", "uint16", "int32", "float32", "float64"] {
            let img = try loadImage(Fixture.path("dtype_\(dt).nii.gz"))
            check(img, dt)
            XCTAssertEqual(img.header.datatype.name, dt)
            XCTAssertEqual(img.affine, aff)
            XCTAssertEqual(img.header.qformCode, 1)
            XCTAssertEqual(img.header.sformCode, 4)
            XCTAssertEqual(img.header.descrip, "nls test " + dt)
            XCTAssertEqual(img.dtype, dt == "float64" ? .float64 : (dt == "float32" ? .float32 : .int64))
            for ext in [".nii", ".nii.gz"] {
                let p = dir + "/rt_\(dt)" + ext
                try saveImage(img, p)
                let back = try loadImage(p)
                XCTAssertEqual(back.storage, img.storage, dt)
                XCTAssertEqual(back.header.datatype, img.header.datatype)
                XCTAssertTrue(zip(back.affine, img.affine).allSatisfy { abs($0 - $1) < 1e-5 })
                XCTAssertEqual(back.header.qformCode, 1)
                XCTAssertEqual(back.header.sformCode, 4)
                XCTAssertEqual(back.header.descrip, img.header.descrip)
                XCTAssertEqual(back.header.spatialUnits, img.header.spatialUnits)
            }
        }
        XCTAssertTrue(try FileManager.default.contentsOfDirectory(atPath: dir).allSatisfy { !$0.hasPrefix(".") })
    }

    func testScaledNifti2BigEndianAndBaseAffine() throws {
        let s = try loadImage(Fixture.path("scaled_int16.nii.gz"))
        XCTAssertEqual(s.dtype, .float64)
        XCTAssertEqual(s.value(1, 2, 3)!, expected("int16", 1, 2, 3) * 0.5 + 10)
        let n2 = try loadImage(Fixture.path("nifti2_float32.nii"))
        XCTAssertEqual(n2.header.niftiVersion, 2)
        XCTAssertEqual(n2.value(3, 4, 5)!, expected("int16", 3, 4, 5))
        XCTAssertEqual(n2.affine, aff)
        let be = try loadImage(Fixture.path("bigendian_int16.nii"))
        check(be, "int16")
        let na = try loadImage(Fixture.path("noaffine.nii.gz"))
        let ref = referenceJSON()["noaffine_affine"] as! [Double]
        XCTAssertEqual(na.affine, ref)
        // 4-D round trip keeps TR, slope and datatype
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let f = try loadImage(Fixture.path("small_fmri.nii.gz"))
        try saveImage(f, dir + "/f.nii.gz")
        let g = try loadImage(dir + "/f.nii.gz")
        XCTAssertEqual(g.storage, f.storage)
        XCTAssertEqual(g.header.datatype, .int16)
        XCTAssertEqual(g.header.sclSlope, 4)
        XCTAssertEqual(g.repetitionTime, 2.0)
        // float values that do not fit int16 fall back to a float datatype
        var h = f
        try h.setStorage(ContiguousArray(f.storage.map { $0 + 0.3 }), dtype: .float64)
        try saveImage(h, dir + "/h.nii")
        let h2 = try loadImage(dir + "/h.nii")
        XCTAssertEqual(h2.header.datatype, .float64)
        XCTAssertEqual(h2.storage, h.storage)
    }

    func testErrorsAreOneLineAndNameTheFile() throws {
        XCTAssertThrowsError(try loadImage("/nonexistent/x.nii.gz")) { e in
            XCTAssertTrue("\(e)".contains("/nonexistent/x.nii.gz"))
            XCTAssertFalse("\(e)".contains("\n"))
        }
        XCTAssertThrowsError(try loadImage("/tmp/whatever.txt"))
        let img = try loadImage(Fixture.path("dtype_uint8.nii.gz"))
        XCTAssertThrowsError(try saveImage(img, "/nonexistent-dir/x.nii"))
    }

    /// vox_offset 351 would read the voxels from inside the header's extension flag.
    func testVoxOffsetInsideTheHeaderIsRejected() throws {
        let img = try loadImage(Fixture.path("dtype_uint8.nii.gz"))
        let path = NSTemporaryDirectory() + "nls-voxoffset-\(getpid()).nii"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try saveImage(img, path)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertNoThrow(try loadImage(path))
        var v = Float(351).bitPattern.littleEndian
        withUnsafeBytes(of: &v) { for k in 0..<4 { bytes[108 + k] = $0[k] } }
        try bytes.write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try loadImage(path)) { e in
            XCTAssertTrue("\(e)".contains("vox_offset 351 is inside the header; a single-file NIfTI-1 needs vox_offset ≥ 352"), "\(e)")
        }
    }
}

/// Opt-in: NLS_WRITE_DIR=dir writes Swift-saved files there so nibabel can check them
/// (see make_references.py's sibling check in the report); skipped by default.
final class NiftiExportTests: XCTestCase {
    func testWriteFilesForNibabel() throws {
        guard let dir = ProcessInfo.processInfo.environment["NLS_WRITE_DIR"] else {
            throw XCTSkip("set NLS_WRITE_DIR to export Swift-written NIfTI files")
        }
        for dt in ["uint8", "int8", "int16", "uint16", "int32", "float32", "float64"] {
            let img = try loadImage(Fixture.path("dtype_\(dt).nii.gz"))
            try saveImage(img, dir + "/swift_\(dt).nii.gz")
        }
        try saveImage(try loadImage(Fixture.path("small_fmri.nii.gz")), dir + "/swift_small_fmri.nii")
        try saveImage(try loadImage(Fixture.path("scaled_int16.nii.gz")), dir + "/swift_scaled_int16.nii.gz")
        let big = try Image(shape: [40000, 1, 2], storage: ContiguousArray((0..<80000).map { Double($0) }),
                            affine: Affine.identity, dtype: .float32)
        try saveImage(big, dir + "/swift_nifti2.nii")
    }
}
