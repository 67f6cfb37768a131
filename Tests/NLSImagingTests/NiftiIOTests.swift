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
