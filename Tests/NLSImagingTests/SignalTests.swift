import XCTest
import NLSCompute
@testable import NLSImaging

final class SmoothingTests: XCTestCase {
    func testSmoothImgMatchesNilearn() throws {
        let mean = try loadImage(Fixture.path("small_mean.nii.gz"))
        for (name, f) in [("smooth6", [6.0]), ("smooth_4_8_5", [4.0, 8.0, 5.0])] {
            let ref = try loadImage(Fixture.path("small_mean_\(name).nii.gz"))
            let s = try smoothImg(mean, fwhm: f)
            let (a, r) = maxRelDiff(Array(s.storage), Array(ref.storage))
            print("smooth \(name): max abs \(a) max rel \(r)")
            XCTAssertLessThan(r, 1e-10)
        }
        XCTAssertThrowsError(try smoothImg(mean, fwhm: [-1]))
    }
}

final class SignalCleanTests: XCTestCase {
    func matrix(_ name: String) -> NDArray {
        let rows = Fixture.csv(name)
        return NDArray(shape: [rows.count, rows[0].count], rows.flatMap { $0 })
    }

    func compare(_ got: NDArray, _ name: String, tol: Double = 1e-8, file: StaticString = #filePath, line: UInt = #line) {
        let ref = matrix(name)
        XCTAssertEqual(got.shape, ref.shape, file: file, line: line)
        // relative to the column scale (values near 0 make element-wise relative error meaningless)
        let scale = ref.storage.reduce(0) { max($0, abs($1)) }
        let (a, _) = maxRelDiff(Array(got.storage), Array(ref.storage))
        print("\(name): max abs \(a), max abs / max|ref| \(a / scale)")
        XCTAssertLessThan(a / scale, tol, name, file: file, line: line)
    }

    func testCleanMatchesNilearn() throws {
        let x = matrix("clean_input.csv")
        let conf = matrix("confounds_input.csv")
        compare(try signalClean(x, detrend: true, standardize: .zscoreSample, lowPass: 0.1, highPass: 0.01, tR: 2),
                "clean_detrend_zscore_band.csv")
        compare(try signalClean(x, detrend: false, standardize: .none, lowPass: 0.08, tR: 2), "clean_lowpass.csv")
        compare(try signalClean(x, detrend: false, standardize: .psc, highPass: 0.02, tR: 2), "clean_highpass_psc.csv")
        compare(try signalClean(x, detrend: true, standardize: .zscoreSample, confounds: conf, tR: 2), "clean_confounds.csv")
        compare(try signalClean(x, detrend: false, standardize: .none, confounds: conf, lowPass: 0.12, highPass: 0.015, tR: 2),
                "clean_confounds_band.csv")
    }

    func testCleanErrors() {
        let x = NDArray(zeros: [10, 2])
        XCTAssertThrowsError(try signalClean(x, lowPass: 0.1, tR: nil))
        XCTAssertThrowsError(try signalClean(x, lowPass: 0.1, highPass: 0.2, tR: 2))
        XCTAssertThrowsError(try signalClean(x, lowPass: 0.1, tR: 2)) { XCTAssertTrue("\($0)".contains("too few")) }
        XCTAssertThrowsError(try signalClean(x, confounds: NDArray(zeros: [9, 1])))
        XCTAssertThrowsError(try Standardize(parsing: "zscore_population"))
    }
}

final class NiftiMaskerTests: XCTestCase {
    func testPipelineMatchesNilearn() throws {
        let img = try loadImage(Fixture.path("small_fmri.nii.gz"))
        let mask = try loadImage(Fixture.path("small_mask.nii.gz"))
        let m = NiftiMasker(mask: mask, standardize: .zscoreSample, detrend: true, smoothingFwhm: 6,
                            lowPass: 0.1, highPass: 0.01, tR: 2)
        let y = try m.fitTransform(img)
        XCTAssertEqual(y.shape, [300, 488])
        let ref = Fixture.csv("masker_pipeline.csv")
        var maxAbs = 0.0
        for t in 0..<300 { for c in 0..<15 { maxAbs = max(maxAbs, abs(y[t, c] - ref[t][c])) } }
        print("masker pipeline: max abs diff \(maxAbs) (z-scored values)")
        XCTAssertLessThan(maxAbs, 1e-8)
        // default masker = plain masking; inverse_transform round trip
        let plain = NiftiMasker(mask: mask)
        let yp = try plain.fitTransform(img)
        XCTAssertEqual(yp, try applyMask(img, mask))
        let back = try plain.inverseTransform(yp)
        XCTAssertEqual(try plain.transform(back), yp)
        XCTAssertThrowsError(try NiftiMasker().transform(img)) { XCTAssertTrue("\($0)".contains("fit")) }
    }

    func testMaskStrategies() throws {
        let ref = referenceJSON()
        let img = try loadImage(Fixture.path("rest10.nii.gz"))
        let epi = NiftiMasker(maskStrategy: .epi)
        try epi.fit(img)
        XCTAssertEqual(epi.nFeatures, ref["epi_count"] as? Int)
        let bg = NiftiMasker()
        let y = try bg.fitTransform(img)
        XCTAssertEqual(y.shape, [10, ref["background_count"] as! Int])
        XCTAssertEqual(y.dtype, .float32)
    }
}

final class StreamingMaskerTests: XCTestCase {
    func testStreamingTransformEqualsInMemory() throws {
        let path = Fixture.path("small_fmri.nii.gz")
        let mask = try loadImage(Fixture.path("small_mask.nii.gz"))
        let img = try loadImage(path)
        XCTAssertEqual(try applyMask(path: path, mask), try applyMask(img, mask))
        let m = NiftiMasker(mask: mask, standardize: .zscoreSample, detrend: true, smoothingFwhm: 6,
                            lowPass: 0.1, highPass: 0.01, tR: 2)
        let a = try m.fitTransform(path: path)
        let b = try m.fitTransform(img)
        XCTAssertEqual(a.shape, b.shape)
        XCTAssertLessThan(maxRelDiff(Array(a.storage), Array(b.storage)).abs, 1e-12)
        // mask on another grid: resampled per volume, same as the in-memory path
        let epi = try loadImage(Fixture.path("rest10_epi_mask.nii.gz"))
        let small = try cropImg(epi)
        let r = NiftiMasker(mask: small)
        XCTAssertEqual(try r.fitTransform(path: Fixture.path("rest10.nii.gz")),
                       try r.fitTransform(try loadImage(Fixture.path("rest10.nii.gz"))))
        XCTAssertThrowsError(try applyMask(path: Fixture.path("rest10.nii.gz"), mask))
    }
}
