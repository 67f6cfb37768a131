import XCTest
import Foundation
@testable import NLSCompute
@testable import NLSImaging
@testable import NLSLearn

/// SearchLight on the bundled Haxby-shaped data (examples/data/searchlight): spheres as
/// nilearn builds them, scores identical whatever the number of workers or the subset of
/// centres, and equal to cross-validating each sphere on its own.
final class SearchLightTests: XCTestCase {
    static let dataDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../examples/data/searchlight").standardized.path
    static let mask = try! loadImage(dataDir + "/mask.nii.gz")
    static let processMask = try! loadImage(dataDir + "/process_mask.nii.gz")
    static let spheres = try! SearchlightSpheres(mask: mask, processMask: processMask, radius: 5.6)
    static let x = try! applyMask(path: dataDir + "/bold.nii.gz", mask)
    static let labels: NDArray = {
        let t = try! Table.read(path: dataDir + "/labels.csv")
        return try! LabelEncoder(t.strings("label")).encode(t.strings("label"))
    }()
    static let runs: NDArray = try! Table.read(path: dataDir + "/labels.csv").array("run")

    static func reference(_ name: String) -> [[String]] {
        let url = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/searchlight/\(name)")
        let text = try! String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { line in
            // Quoted fields hold spaces, never commas.
            line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
    }

    func testSpheresAreNilearns() throws {
        let sp = Self.spheres
        XCTAssertEqual(sp.centres.count, 3541)
        XCTAssertEqual(sp.maskOffsets.count, 18102)
        XCTAssertEqual(sp.sizes.min(), 12); XCTAssertEqual(sp.sizes.max(), 27)
        XCTAssertEqual(Double(sp.sizes.reduce(0, +)) / 3541, 25.928834, accuracy: 1e-6)
        for row in Self.reference("spheres_first20.csv") {
            let c = Int(row[0])!
            let (i, j, k) = (Int(row[1])!, Int(row[2])!, Int(row[3])!)
            XCTAssertEqual(sp.centres[c], (k * 48 + j) * 40 + i, "centre \(c)")
            XCTAssertEqual(sp.features[c], row[5].split(separator: " ").map { Int($0)! }, "centre \(c)")
        }
        // Sphere sizes of every centre, as nilearn's.
        let sizes = Self.reference("scores.csv").map { Int($0[6])! }
        XCTAssertEqual(sp.sizes, sizes)
    }

    func testSubsetOfCentresGivesTheSameSpheres() throws {
        // One slice (k = 14) of the process mask: the spheres at its voxels are unchanged.
        var slice = Self.processMask
        var st = slice.storage
        for p in st.indices where (p / (40 * 48)) != 14 { st[p] = 0 }
        try slice.setStorage(st, dtype: slice.dtype)
        let sub = try SearchlightSpheres(mask: Self.mask, processMask: slice, radius: 5.6)
        XCTAssertGreaterThan(sub.centres.count, 100)
        let index = Dictionary(uniqueKeysWithValues: Self.spheres.centres.enumerated().map { ($1, $0) })
        for (c, p) in sub.centres.enumerated() { XCTAssertEqual(sub.features[c], Self.spheres.features[index[p]!]) }
    }

    /// Scores of a subset of spheres, with 1 and 2 workers, against cross_val_score per sphere.
    func testScoresAreDeterministicAndEqualPerSphereCrossValidation() throws {
        let pick = Array(stride(from: 0, to: 3541, by: 97))
        let spheres = pick.map { Self.spheres.features[$0] }
        let est = RidgeClassifier(alpha: 1.0)
        let one = try SearchLight(estimator: est, cv: .splitter(KFold(nSplits: 4)), executor: ThreadExecutor(nJobs: 1))
            .scores(Self.x, Self.labels, spheres: spheres)
        let two = try SearchLight(estimator: est, cv: .splitter(KFold(nSplits: 4)), executor: ThreadExecutor(nJobs: 2), blockSize: 3)
            .scores(Self.x, Self.labels, spheres: spheres)
        XCTAssertEqual(one, two)
        for (s, f) in spheres.enumerated() {
            let cv = try CrossValidation.crossValScore(est, Self.x.takingFeatures(f), Self.labels, cv: .splitter(KFold(nSplits: 4)))
            XCTAssertEqual(one[s], cv.reduce(0, +) / Double(cv.count), "sphere \(pick[s])")
        }
        // A subset of those spheres scores the same.
        let part = try SearchLight(estimator: est, cv: .splitter(KFold(nSplits: 4))).scores(Self.x, Self.labels, spheres: Array(spheres[5..<9]))
        XCTAssertEqual(part, Array(one[5..<9]))
    }

    /// GaussianNB's subset fast path gives exactly the scores of fitting GaussianNB sphere by sphere.
    func testGaussianNBFastPathEqualsPerSphereFits() throws {
        let pick = Array(stride(from: 0, to: 3541, by: 41))
        let spheres = pick.map { Self.spheres.features[$0] }
        let fast = try SearchLight(estimator: GaussianNB(), cv: .splitter(LeaveOneGroupOut()), executor: ThreadExecutor(nJobs: 2))
            .scores(Self.x, Self.labels, groups: Self.runs, spheres: spheres)
        for (s, f) in spheres.enumerated() {
            let cv = try CrossValidation.crossValScore(GaussianNB(), Self.x.takingFeatures(f), Self.labels,
                                                       cv: .splitter(LeaveOneGroupOut()), groups: Self.runs)
            XCTAssertEqual(fast[s], cv.reduce(0, +) / Double(cv.count), "sphere \(pick[s])")
        }
        XCTAssertNotNil(GaussianNB().subsetScorer(scoring: nil))
        XCTAssertNil(GaussianNB().subsetScorer(scoring: .rocAUC))
    }

    func testBadInput() throws {
        let sl = SearchLight(estimator: RidgeClassifier())
        XCTAssertThrowsError(try sl.scores(Self.x, Self.labels.takingRows(Array(0..<10)), spheres: [[0]])) { e in
            XCTAssertTrue("\(e)".contains("must match"), "\(e)")
        }
        XCTAssertThrowsError(try sl.scores(Self.x, NDArray(zeros: [200]), spheres: [[0]])) { e in
            XCTAssertTrue("\(e)".contains("single class"), "\(e)")
        }
        XCTAssertThrowsError(try sl.scores(Self.x, Self.labels, spheres: [[18102]])) { e in
            XCTAssertTrue("\(e)".contains("18102"), "\(e)")
        }
        XCTAssertThrowsError(try SearchlightSpheres(mask: Self.mask, processMask: Self.processMask, radius: -1))
        // Cancellation stops the run with CancellationError.
        let stopping = SearchLight(estimator: RidgeClassifier(), cv: .splitter(KFold(nSplits: 4)),
                                   executor: ThreadExecutor(nJobs: 2, shouldStop: { true }))
        XCTAssertThrowsError(try stopping.scores(Self.x, Self.labels, spheres: Array(Self.spheres.features[0..<40]))) { e in
            XCTAssertTrue(e is CancellationError, "\(e)")
        }
        // Tiny radius: spheres of one voxel.
        let tiny = try SearchlightSpheres(mask: Self.mask, processMask: Self.processMask, radius: 1.0)
        XCTAssertTrue(tiny.onlyCentres)
    }
}

/// Parity with nilearn's SearchLight(estimator="svc") on the bundled data (reference
/// scores from nilearn 0.14.1 / scikit-learn 1.9.1, Tests/NLSLearnTests/Fixtures/searchlight).
///
/// Why not 100% identical: "svc" is LinearSVC, whose liblinear solver stops early at
/// tol 1e-4 on these badly conditioned problems (BOLD values ~1000 beside a unit intercept
/// feature, 30–60 Newton steps). nls follows liblinear's steps exactly, but the trajectory is
/// sensitive to the last bits of liblinear's BLAS dot products, which depend on the CPU:
/// nilearn itself — the same pinned wheels — run on this project's machines matches its
/// own reference at 3,487 of 3,541 centres (98.5%), and nls matches it at 3,488 (and the
/// nilearn run on the same machine at 3,491). Where scores differ it is by one or two test
/// samples (≤ 0.01), and the informative region is the same.
final class SearchLightParityTests: XCTestCase {
    func check(_ cv: CV, groups: NDArray?, column: Int, minExact: Int) throws {
        let svc = LinearSVC()
        svc.maxIter = 10_000
        let scores = try SearchLight(estimator: svc, cv: cv, executor: ThreadExecutor(nJobs: 2))
            .scores(SearchLightTests.x, SearchLightTests.labels, groups: groups, spheres: SearchLightTests.spheres.features)
        let ref = SearchLightTests.reference("scores.csv").map { Double($0[column])! }
        XCTAssertEqual(scores.count, ref.count)
        let exact = zip(scores, ref).filter { abs($0 - $1) < 1e-12 }.count
        let worst = zip(scores, ref).map { abs($0 - $1) }.max()!
        XCTAssertGreaterThanOrEqual(exact, minExact, "identical scores")
        XCTAssertLessThanOrEqual(worst, 0.02 + 1e-12, "largest difference (one test sample per fold is 0.02)")
        XCTAssertEqual(scores.reduce(0, +) / Double(scores.count), ref.reduce(0, +) / Double(ref.count), accuracy: 2e-4)
        // The informative region: centres scoring ≥ 0.8, and the best centre.
        let top = Set(scores.indices.filter { scores[$0] >= 0.8 }), refTop = Set(ref.indices.filter { ref[$0] >= 0.8 })
        XCTAssertGreaterThanOrEqual(Double(top.intersection(refTop).count) / Double(top.union(refTop).count), 0.97)
        XCTAssertEqual(scores.max(), ref.max())
    }

    func testKFold4MatchesNilearn() throws {
        try check(.splitter(KFold(nSplits: 4)), groups: nil, column: 7, minExact: 3470)
    }

    func testLeaveOneGroupOutMatchesNilearn() throws {
        try check(.splitter(LeaveOneGroupOut()), groups: SearchLightTests.runs, column: 8, minExact: 3400)
    }
}
