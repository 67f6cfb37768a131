import XCTest
import Foundation
@testable import NLSCompute
@testable import NLSImaging
@testable import NLSLearn

/// CanICA on the bundled rest data (examples/data/rest: 4 subjects, 8 ground-truth sources)
/// against nilearn 0.14.1's components (Fixtures/canica, from shared/data/rest/reference):
/// `CanICA(n_components=8, smoothing_fwhm=6., threshold=3., random_state=0).fit(imgs)`.
final class CanICAParityTests: XCTestCase {
    static let dataDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../examples/data/rest").standardized.path
    static let paths = (0..<4).map { dataDir + "/sub-0\($0)_bold.nii.gz" }

    /// The subjects as nilearn's MultiNiftiMasker gives them to CanICA.
    struct MaskedSubjects: SubjectSource {
        let masker: NiftiMasker
        var count: Int { paths.count }
        func signals(_ i: Int) throws -> NDArray { try masker.transform(path: paths[i]) }
        func signalsKey(_ i: Int) throws -> String? { ContentHash.of(["test signals", try ContentHash.of(filePath: paths[i])]) }
        func name(_ i: Int) -> String { paths[i] }
    }

    static func fixture(_ name: String) throws -> Image {
        try loadImage(Bundle.module.resourceURL!.appendingPathComponent("Fixtures/canica/\(name)").path)
    }

    /// Rows of `maps` [k × voxels] against rows of `other`: the best one-to-one matching on
    /// |Pearson r| (exhaustive over subsets, k ≤ 12), as scipy's linear_sum_assignment.
    static func matchedCorrelations(_ maps: NDArray, _ other: NDArray) -> [Double] {
        let k = maps.rows, p = maps.cols
        func row(_ a: NDArray, _ i: Int) -> [Double] { Array(a.storage[(i * p)..<((i + 1) * p)]) }
        func r(_ x: [Double], _ y: [Double]) -> Double {
            let mx = x.reduce(0, +) / Double(p), my = y.reduce(0, +) / Double(p)
            var sxy = 0.0, sxx = 0.0, syy = 0.0
            for v in 0..<p { sxy += (x[v] - mx) * (y[v] - my); sxx += (x[v] - mx) * (x[v] - mx); syy += (y[v] - my) * (y[v] - my) }
            return abs(sxy / (sxx * syy).squareRoot())
        }
        let c = (0..<k).map { i in (0..<k).map { j in r(row(maps, i), row(other, j)) } }
        // best[mask] = best total for the first popcount(mask) rows using the columns in mask
        var best = [Double](repeating: -1, count: 1 << k), choice = [Int](repeating: -1, count: 1 << k)
        best[0] = 0
        for mask in 0..<(1 << k) where best[mask] >= 0 {
            let i = mask.nonzeroBitCount
            guard i < k else { continue }
            for j in 0..<k where mask & (1 << j) == 0 && best[mask] + c[i][j] > best[mask | (1 << j)] {
                best[mask | (1 << j)] = best[mask] + c[i][j]; choice[mask | (1 << j)] = j
            }
        }
        var out = [Double](repeating: 0, count: k), mask = (1 << k) - 1
        for i in stride(from: k - 1, through: 0, by: -1) { let j = choice[mask]; out[i] = c[i][j]; mask &= ~(1 << j) }
        return out
    }

    /// The streamed EPI mask (volume by volume, only the mean kept) is the in-memory one,
    /// and nilearn's (16,528 voxels for sub-00, threshold 423.39).
    func testStreamedEpiMaskIsTheLoadedOne() throws {
        let streamed = try computeEpiMask(path: Self.paths[0])
        let loaded = try computeEpiMask(try loadImage(Self.paths[0]))
        XCTAssertEqual(streamed.storage, loaded.storage)
        XCTAssertEqual(streamed.affine, loaded.affine)
        XCTAssertEqual(try maskVoxelCount(streamed), 16528)
    }

    func testComponentsMatchNilearnAndTheGroundTruth() throws {
        let mask = try computeMultiEpiMask(count: 4, load: { try loadImage(Self.paths[$0]) })
        XCTAssertEqual(try maskVoxelCount(mask), 16528)   // nilearn's compute_multi_epi_mask
        let masker = NiftiMasker(mask: mask, standardize: .zscoreSample, detrend: true, smoothingFwhm: 6)
        try masker.fit()
        let ica = CanICA()
        ica.nComponents = 8; ica.threshold = .ratio(3); ica.randomState = 0
        try ica.fit(subjects: MaskedSubjects(masker: masker))
        let ours = try XCTUnwrap(ica.components)
        XCTAssertEqual(ours.shape, [8, 16528])
        XCTAssertEqual(ours.dtype, .float32)

        // Group PCA singular values and the chosen FastICA run are nilearn's.
        let variance = [1.8937759399414062, 1.8358017206192017, 1.7977466583251953, 1.7819156646728516,
                        1.7404356002807617, 1.6957193613052368, 1.5977848768234253, 1.4932808876037598]
        for (a, b) in zip(ica.variance, variance) { XCTAssertEqual(a, b, accuracy: 1e-5) }
        // nilearn's L1 "sparsity" of each FastICA run (rest_reference.json); it kept init 3.
        // The ten runs lie within 2.2e-4 (relative) of each other, FastICA stops at tol 1e-4,
        // and nilearn computes the group maps in float32: each run agrees with nilearn's to
        // 3e-4, and which run is the sparsest is decided by rounding (nls has kept 3, 5 and 9 as the
        // BLAS rounding goes; the components match nilearn's at |r| > 0.9999 either way).
        let nilearnSparsity = [82.40810889573353, 82.40468314740744, 82.41396751417855, 82.40262981168333, 82.41688441128454,
                               82.40366246578617, 82.40730404739125, 82.42038737633385, 82.41555054318032, 82.40325297789056]
        for (a, b) in zip(ica.sparsities, nilearnSparsity) { XCTAssertEqual(a, b, accuracy: 3e-4 * b) }
        XCTAssertEqual(ica.sparsities[ica.chosenInit], ica.sparsities.min()!)
        print("CanICA parity: chosen init \(ica.chosenInit), sparsities \(ica.sparsities)")

        let reference = try applyMask(try Self.fixture("canica_epi_mask_components.nii.gz"), mask)
        let r = Self.matchedCorrelations(ours, reference)
        // The issue asks for a mean of 0.95; nilearn computes in float32 and we in float64,
        // which moves a few entries across the threshold: 0.99998 is measured.
        XCTAssertGreaterThan(r.reduce(0, +) / 8, 0.999, "matched |r| \(r)")
        XCTAssertGreaterThan(r.min()!, 0.999)

        // Matched to the ground-truth sources at least as well as nilearn's own components
        // (0.864066 for nilearn, 0.864069 measured for nls; 5e-5 allows float32 rounding).
        let truth = try applyMask(try loadImage(Self.dataDir + "/ground_truth_sources.nii.gz"), mask)
        let oursTruth = Self.matchedCorrelations(ours, truth).reduce(0, +) / 8
        let nilearnTruth = Self.matchedCorrelations(reference, truth).reduce(0, +) / 8
        XCTAssertEqual(nilearnTruth, 0.8641, accuracy: 1e-4)
        XCTAssertGreaterThanOrEqual(oursTruth, nilearnTruth - 5e-5)

        // Threshold 3 of 8 keeps 3/8 of the entries; each component's peak is positive.
        let nonzero = ours.storage.filter { $0 != 0 }.count
        XCTAssertEqual(Double(nonzero), 3.0 / 8 * Double(ours.size), accuracy: 0.001 * Double(ours.size))
        for i in 0..<8 {
            let row = ours.storage[(i * 16528)..<((i + 1) * 16528)]
            XCTAssertGreaterThanOrEqual(row.max()!, -row.min()!)
        }
    }
}
