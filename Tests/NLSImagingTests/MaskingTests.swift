import XCTest
import NLSCompute
@testable import NLSImaging

final class MaskingTests: XCTestCase {
    func testComputeEpiMaskMatchesNilearn() throws {
        let ref = referenceJSON()
        let img = try loadImage(Fixture.path("rest10.nii.gz"))
        XCTAssertEqual(img.dtype, .int64)
        let m = try computeEpiMask(img)
        XCTAssertEqual(nonzeroCount(m), ref["epi_count"] as? Int)
        XCTAssertEqual(ijkSums(m), ref["epi_ijk_sum"] as? [Int])
        let nl = try loadImage(Fixture.path("rest10_epi_mask.nii.gz"))
        XCTAssertEqual(m.storage, nl.storage)
        for (o, c) in [(0, false), (1, true)] {
            let mm = try computeEpiMask(img, connected: c, opening: o)
            XCTAssertEqual(nonzeroCount(mm), ref["epi_count_o\(o)_c\(c ? 1 : 0)"] as? Int)
            XCTAssertEqual(ijkSums(mm), ref["epi_ijk_sum_o\(o)_c\(c ? 1 : 0)"] as? [Int])
        }
        let bg = try computeBackgroundMask(img)
        XCTAssertEqual(nonzeroCount(bg), ref["background_count"] as? Int)
        XCTAssertEqual(ijkSums(bg), ref["background_ijk_sum"] as? [Int])
        let inter = try intersectMasks([m, try computeEpiMask(img, opening: 1)], threshold: 1.0)
        XCTAssertEqual(nonzeroCount(inter), ref["intersect_count"] as? Int)
    }

    func testMaskValidation() throws {
        let mask = try loadImage(Fixture.path("small_mask.nii.gz"))
        let img = try loadImage(Fixture.path("small_fmri.nii.gz"))
        var empty = mask
        try empty.setStorage(ContiguousArray(repeating: 0, count: mask.storage.count), dtype: .int64)
        XCTAssertThrowsError(try applyMask(img, empty)) { XCTAssertTrue("\($0)".contains("empty")) }
        var three = mask
        var s = mask.storage; s[0] = 2; s[1] = 3
        try three.setStorage(s, dtype: .int64)
        XCTAssertThrowsError(try applyMask(img, three))
        var noZero = mask
        try noZero.setStorage(ContiguousArray(mask.storage.map { $0 + 1 }), dtype: .int64)
        XCTAssertThrowsError(try applyMask(img, noZero)) { XCTAssertTrue("\($0)".contains("0")) }
        // a single non-zero value everywhere is a valid (full) mask
        var full = mask
        try full.setStorage(ContiguousArray(repeating: 5, count: mask.storage.count), dtype: .int64)
        XCTAssertEqual(try applyMask(img, full).shape, [300, 12 * 14 * 10])
        // grid mismatch suggests resample_to_img
        let other = try loadImage(Fixture.path("rest10_epi_mask.nii.gz"))
        XCTAssertThrowsError(try applyMask(img, other)) { XCTAssertTrue("\($0)".contains("resample")) }
        // integer input is masked as float32
        let r = try loadImage(Fixture.path("rest10.nii.gz"))
        XCTAssertEqual(try applyMask(r, other).dtype, .float32)
        XCTAssertThrowsError(try unmask(NDArray(zeros: [3, 7]), mask))
    }
}
