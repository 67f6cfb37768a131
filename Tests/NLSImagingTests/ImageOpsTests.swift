import XCTest
import NLSCompute
@testable import NLSImaging

final class ImageOpsTests: XCTestCase {
    func testResamplingMatchesNilearn() throws {
        let mean = try loadImage(Fixture.path("small_mean.nii.gz"))
        let taff = referenceJSON()["resample_target_affine"] as! [Double]
        for (interp, tol) in [(Interpolation.nearest, 0.0), (.linear, 1e-9), (.continuous, 1e-8)] {
            let ref = try loadImage(Fixture.path("small_mean_resampled_\(interp.rawValue).nii.gz"))
            let r = try resampleImg(mean, targetAffine: taff, targetShape: [13, 15, 11], interpolation: interp)
            XCTAssertEqual(r.shape, ref.shape)
            let (a, _) = maxRelDiff(Array(r.storage), Array(ref.storage))
            var differing = 0
            for (n, (x, y)) in zip(r.storage, ref.storage).enumerated() where abs(x - y) > 1e-6 {
                differing += 1
                if differing < 4 { print("differ at flat \(n): \(x) vs \(y)") }
            }
            print("resample \(interp): max abs \(a), voxels differing \(differing) of \(r.storage.count)")
            XCTAssertLessThanOrEqual(a, tol)
        }
    }

    func testIndexConcatMeanMathThresholdCrop() throws {
        let img = try loadImage(Fixture.path("small_fmri.nii.gz"))
        let v5 = try indexImg(img, 5)
        XCTAssertEqual(v5.shape, [12, 14, 10])
        XCTAssertEqual(v5.value(3, 4, 5), img.value(3, 4, 5, 5))
        XCTAssertEqual(try indexImg(img, -1).value(3, 4, 5), img.value(3, 4, 5, 299))
        XCTAssertThrowsError(try indexImg(img, 300))
        let vols = try iterImg(try indexImg(img, [0, 1, 2]))
        XCTAssertEqual(vols.count, 3)
        let cat = try concatImgs(vols + [v5])
        XCTAssertEqual(cat.shape, [12, 14, 10, 4])
        XCTAssertEqual(cat.value(3, 4, 5, 3), img.value(3, 4, 5, 5))
        let mean = try meanImg(img)
        let ref = try loadImage(Fixture.path("small_mean.nii.gz"))
        XCTAssertLessThan(maxRelDiff(Array(mean.storage), Array(ref.storage)).abs, 1e-9)
        let diff = try mathImg([img, mean]) { $0[0] - $0[1] }
        XCTAssertEqual(diff.shape, img.shape)
        XCTAssertEqual(diff.value(3, 4, 5, 7)!, img.value(3, 4, 5, 7)! - mean.value(3, 4, 5)!, accuracy: 1e-9)
        let thr = try thresholdImg(diff, threshold: 10)
        XCTAssertTrue(thr.storage.allSatisfy { $0 == 0 || abs($0) >= 10 })
        let mask = try loadImage(Fixture.path("small_mask.nii.gz"))
        let cropped = try cropImg(mask)
        XCTAssertEqual(try maskVoxelCount(cropped), 488)
        XCTAssertLessThanOrEqual(cropped.shape[0], 12)
        // world coordinates of a voxel are preserved
        let s = cropped.shape
        outer: for k in 0..<s[2] { for j in 0..<s[1] { for i in 0..<s[0] where cropped.value(i, j, k)! != 0 {
            let w = Affine.apply(cropped.affine, (Double(i), Double(j), Double(k)))
            let inv = Affine.inverse(mask.affine)!
            let (x, y, z) = Affine.apply(inv, w)
            XCTAssertEqual(mask.value(Int(x.rounded()), Int(y.rounded()), Int(z.rounded())), 1)
            break outer
        } } }
        XCTAssertThrowsError(try concatImgs([v5, try loadImage(Fixture.path("rest10_epi_mask.nii.gz"))]))
    }
}

/// The optimised smoothing against the direct convolution it replaced: the same sums in
/// the same order, so bit-identical results.
final class SmoothingOrderTests: XCTestCase {
    static func direct(_ input: ContiguousArray<Double>, dims: [Int], sigmas: [Double]) -> ContiguousArray<Double> {
        var out = input
        let nx = dims[0], ny = dims[1], nz = dims[2]
        let strides = [1, nx, nx * ny], lens = [nx, ny, nz]
        for axis in 0..<3 where sigmas[axis] > 0 {
            let w = Smoothing.kernel(sigma: sigmas[axis]), r = w.count / 2
            let o = (0..<3).filter { $0 != axis }
            for b in 0..<lens[o[1]] { for a in 0..<lens[o[0]] {
                let start = a * strides[o[0]] + b * strides[o[1]]
                let line = (0..<lens[axis]).map { out[start + $0 * strides[axis]] }
                for x in 0..<lens[axis] {
                    var s = 0.0
                    for q in 0..<w.count { s += w[q] * line[Smoothing.reflect(x - r + q, lens[axis])] }
                    out[start + x * strides[axis]] = s
                }
            } }
        }
        return out
    }

    func testBitIdenticalToTheDirectConvolution() {
        let dims = [7, 5, 6]
        var g = SystemRandomNumberGenerator()
        let input = ContiguousArray((0..<210).map { _ in Double.random(in: -100...900, using: &g) })
        let sigmas = [0.85, 1.3, 0.4]
        var fast = input
        Smoothing.smooth(&fast, dims: dims, sigmas: sigmas)
        XCTAssertEqual(fast, Self.direct(input, dims: dims, sigmas: sigmas))
    }
}
