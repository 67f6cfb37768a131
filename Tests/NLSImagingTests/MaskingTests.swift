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

    func testComputeBrainMaskMatchesNilearnPipeline() throws {
        let ref = referenceJSON()
        let img = try loadImage(Fixture.path("rest10.nii.gz"))
        let tpl = try loadImage(Fixture.path("mni152_4mm.nii.gz"))
        let m = try computeBrainMask(img, template: tpl)
        XCTAssertEqual(nonzeroCount(m), ref["brain_mask_count"] as? Int)
        XCTAssertEqual(ijkSums(m), ref["brain_mask_ijk_sum"] as? [Int])
        let masker = NiftiMasker(maskStrategy: .wholeBrainTemplate, template: tpl)
        try masker.fit(img)
        XCTAssertEqual(masker.nFeatures, ref["brain_mask_count"] as? Int)
        XCTAssertThrowsError(try NiftiMasker(maskStrategy: .wholeBrainTemplate).fit(img))
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

/// Opt-in (NLS_MNI152_PATH = nilearn's mni_icbm152_t1_tal_nlin_sym_09a_converted.nii.gz, 1.6 MB,
/// too big for a fixture): numbers below were produced with nilearn 0.14.1.
final class MNITemplateTests: XCTestCase {
    func testRealTemplate() throws {
        guard let path = ProcessInfo.processInfo.environment["NLS_MNI152_PATH"] else {
            throw XCTSkip("set NLS_MNI152_PATH to nilearn's MNI152 T1 template")
        }
        let t4 = try loadMNI152Template(path: path, resolution: 4)
        XCTAssertEqual(t4.shape, [50, 59, 48])
        XCTAssertEqual(Array(t4.affine[0..<12]), [4, 0, 0, -98, 0, 4, 0, -134, 0, 0, 4, -72])
        XCTAssertEqual(t4.storage.reduce(0, +), 20462.510255396366, accuracy: 1e-3)
        XCTAssertEqual(t4.value(20, 25, 20)!, 0.7686274647712708, accuracy: 1e-6)
        let img = try loadImage(Fixture.path("rest10.nii.gz"))
        let m = try computeBrainMask(img, template: try loadMNI152Template(path: path))
        XCTAssertEqual(nonzeroCount(m), 42378)
        XCTAssertEqual(ijkSums(m), [826371, 977166, 706694])
    }
}
