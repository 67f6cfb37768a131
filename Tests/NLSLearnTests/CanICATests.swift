import XCTest
import Foundation
@testable import NLSCompute
@testable import NLSLearn

/// CanICA's rules (seeds, threshold, sign, choice of run), recovery of known sources, its
/// errors, and the disk cache in front of it.
final class CanICATests: XCTestCase {
    func testFastICASeedsAreNilearns() throws {
        var rng = try NumpyRandomState(seed: 0)
        // np.random.RandomState(0).randint(np.iinfo(np.int32).max, size=10) (shared/data/rest/reference)
        XCTAssertEqual((0..<10).map { _ in rng.randint(Int(Int32.max)) },
                       [209652396, 398764591, 924231285, 1478610112, 441365315, 1537364731, 192771779, 1491434855,
                        1819583497, 530702035])
    }

    func testThresholdIsScipyScoreAtPercentile() {
        // |maps| sorted: 0 1 2 3 4 5 6 7; ratio 1 of 2 components → percentile 50 → index 3.5 → 3.5.
        let maps = NDArray(shape: [2, 4], [0, -1, 2, -3, 4, -5, 6, -7])
        XCTAssertEqual(ICAMaps.threshold(maps, ratio: 1), 3.5, accuracy: 1e-12)
        // ratio 2 of 2 → percentile 0 → the smallest |value|.
        XCTAssertEqual(ICAMaps.threshold(maps, ratio: 2), 0)
        // ratio 0.5 → percentile 75 → index 5.25 → 5.25.
        XCTAssertEqual(ICAMaps.threshold(maps, ratio: 0.5), 5.25, accuracy: 1e-12)
        var m = maps
        ICAMaps.applyThreshold(&m, 3.5)
        XCTAssertEqual(Array(m.storage), [0, 0, 0, 0, 4, -5, 6, -7])
    }

    func testSignFlipMakesThePeakPositive() {
        var m = NDArray(shape: [3, 3], [1, -3, 2, -1, 3, 0, 0, -2, 2])
        ICAMaps.flipToPositivePeak(&m)
        // Row 0: max 2 < 3 = −min → flipped; row 1 kept; row 2: max 2 == −min → kept (strict <).
        XCTAssertEqual(Array(m.storage), [-1, 3, -2, -1, 3, 0, 0, -2, 2])
    }

    func testSparsityIsTheLargestComponentL1Norm() {
        XCTAssertEqual(ICAMaps.sparsity(NDArray(shape: [2, 2], [1, -2, 0.5, 0.5])), 3)
    }

    /// Subjects mixing four independent, heavy-tailed spatial maps (the model CanICA inverts)
    /// with their own time courses, plus noise.
    static func synthetic(subjects: Int = 3, time: Int = 80, voxels: Int = 600, seed: Int = 1) throws -> (maps: NDArray, data: [NDArray]) {
        var rng = try NumpyRandomState(seed: seed)
        let k = 4
        var maps = try rng.normal(rows: k, cols: voxels)
        for i in maps.storage.indices { maps.storage[i] = pow(maps.storage[i], 3) }
        let data = try (0..<subjects).map { _ -> NDArray in
            let tc = try rng.normal(rows: time, cols: k)
            var x = try CPUBackend.shared.gemm(tc, maps, transA: false, transB: false, alpha: 1)
            let noise = try rng.normal(rows: time, cols: voxels)
            for i in x.storage.indices { x.storage[i] += 0.1 * noise.storage[i] }
            return x
        }
        return (maps, data)
    }

    func testRecoversMixedSources() throws {
        let (maps, data) = try Self.synthetic()
        let ica = CanICA()
        ica.nComponents = 4; ica.randomState = 0; ica.nInit = 3; ica.threshold = .none
        try ica.fit(subjects: ArraySubjects(data))
        let r = CanICAParityTests.matchedCorrelations(try XCTUnwrap(ica.components), maps)
        XCTAssertGreaterThan(r.min()!, 0.95, "matched |r| \(r)")
        // transform gives each subject's time courses; inverse_transform goes back.
        let tc = try ica.transform(data[0])
        XCTAssertEqual(tc.shape, [80, 4])
        XCTAssertEqual(try ica.inverseTransform(tc).shape, [80, 600])
        let score = try ica.score(subjects: ArraySubjects(data))
        XCTAssertGreaterThan(score.storage[0], 0.9)
        XCTAssertLessThanOrEqual(score.storage[0], 1)
    }

    func testResultsDoNotDependOnTheNumberOfWorkers() throws {
        let (_, data) = try Self.synthetic(subjects: 4)
        func fit(_ jobs: Int) throws -> NDArray {
            let ica = CanICA()
            ica.nComponents = 4; ica.randomState = 7; ica.nInit = 4
            try ica.fit(subjects: ArraySubjects(data), executor: ThreadExecutor(nJobs: jobs))
            return try XCTUnwrap(ica.components)
        }
        XCTAssertEqual(try fit(1), try fit(3))
    }

    func testBadInputGetsClearErrors() throws {
        let ica = CanICA()
        XCTAssertThrowsError(try ica.setParam("threshold", .double(25))) { e in
            XCTAssertTrue("\(e)".contains("larger than n_components=20"), "\(e)")
        }
        XCTAssertThrowsError(try ica.fit(subjects: ArraySubjects([]))) { e in XCTAssertTrue("\(e)".contains("one or more subjects")) }
        ica.nComponents = 3
        let a = NDArray(shape: [5, 4], (0..<20).map { sin(Double($0)) })
        let b = NDArray(shape: [5, 6], (0..<30).map { cos(Double($0)) })
        XCTAssertThrowsError(try ica.fit(subjects: ArraySubjects([a, b]))) { e in
            XCTAssertTrue("\(e)".contains("same mask"), "\(e)")
        }
        // Fewer volumes than n_components: the subject contributes what it has (nilearn), with a warning.
        var warnings: [String] = []
        let (_, data) = try Self.synthetic()
        let short = NDArray(shape: [2, 600], Array(data[0].storage.prefix(1200)))
        ica.nComponents = 4; ica.randomState = 0; ica.nInit = 2
        try ica.fit(subjects: ArraySubjects([data[1], short]), warn: { warnings.append($0) })
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings[0].contains("only 2 volumes"), warnings[0])
    }

    // MARK: the disk cache

    func tempDir() -> String {
        let d = NSTemporaryDirectory() + "nls-cache-test-\(UUID().uuidString)"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: d) }
        return d
    }

    func testCacheEntriesReadBackExactly() throws {
        let cache = try DiskCache(directory: tempDir())
        let wide = NDArray(shape: [2, 3], [1.0 / 3, 2, -0.1, 1e300, 0, 5])
        var narrow = NDArray(shape: [3], [Double(Float(0.1)), 2, -3])
        narrow.dtype = .float32
        cache.store("t", key: "a", wide); cache.store("t", key: "b", narrow)
        XCTAssertEqual(cache.load("t", key: "a"), wide)
        XCTAssertEqual(cache.load("t", key: "b"), narrow)
        XCTAssertNil(cache.load("t", key: "c"))
        XCTAssertEqual(cache.statistics.hits, 2); XCTAssertEqual(cache.statistics.misses, 1)
        // float32-exact values are stored in 4 bytes each.
        let usage = DiskCache.usage(directory: cache.directory)
        XCTAssertEqual(usage.map(\.entries), [2])
    }

    /// Under MPI every rank computes the group mask; only the writer rank (0) stores it,
    /// while distributed work is stored by the rank that did it.
    func testOnlyTheWriterRankStoresWorkEveryRankDid() throws {
        let cache = try DiskCache(directory: tempDir())
        let saved = AtomicFile.writesResults
        AtomicFile.writesResults = false   // as on MPI ranks other than 0
        defer { AtomicFile.writesResults = saved }
        cache.store("mask", key: "m", NDArray([1, 0, 1]), computedOnEveryRank: true)
        cache.store("reduction", key: "r", NDArray([2, 3]))
        XCTAssertNil(cache.load("mask", key: "m"))
        XCTAssertEqual(cache.load("reduction", key: "r"), NDArray([2, 3]))
        AtomicFile.writesResults = true
        cache.store("mask", key: "m", NDArray([1, 0, 1]), computedOnEveryRank: true)
        XCTAssertEqual(cache.load("mask", key: "m"), NDArray([1, 0, 1]))
    }

    func testDamagedEntriesAreRecomputedNotTrusted() throws {
        let cache = try DiskCache(directory: tempDir())
        let a = NDArray(shape: [4], [1, 2, 3, 4])
        cache.store("t", key: "k", a)
        let path = cache.directory + "/nls/t/k.nlsa"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count - 20] ^= 0xFF   // a flipped bit in the values
        try bytes.write(to: URL(fileURLWithPath: path))
        var computed = 0
        let b = try cache.cached("t", key: "k") { computed += 1; return a }
        XCTAssertEqual(b, a); XCTAssertEqual(computed, 1); XCTAssertEqual(cache.statistics.rejected, 1)
        // A truncated entry (a crash mid-write of a non-atomic writer) is rejected too.
        try Data(bytes.prefix(10)).write(to: URL(fileURLWithPath: path))
        XCTAssertNil(cache.load("t", key: "k"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }

    func testUnwritableCacheFolderIsReported() throws {
        XCTAssertThrowsError(try DiskCache(directory: "/proc/nls-cache")) { e in
            XCTAssertTrue("\(e)".contains("cannot use /proc/nls-cache as a cache folder"), "\(e)")
        }
        let dir = tempDir()
        let cache = try DiskCache(directory: dir)
        var warnings: [String] = []
        cache.warn = { warnings.append($0) }
        try FileManager.default.removeItem(atPath: dir)
        try "not a folder".write(toFile: dir, atomically: true, encoding: .utf8)
        cache.store("t", key: "a", NDArray([1])); cache.store("t", key: "b", NDArray([2]))
        XCTAssertEqual(warnings.count, 1, "one warning, then the work goes on uncached")
    }

    func testSecondFitReadsTheCacheAndChangedParametersRecomputeOnlyWhatChanged() throws {
        let (_, data) = try Self.synthetic(subjects: 3)
        let dir = tempDir()
        func fit(_ k: Int) throws -> (NDArray, DiskCache) {
            let cache = try DiskCache(directory: dir)
            let ica = CanICA()
            ica.nComponents = k; ica.randomState = 0; ica.nInit = 2
            try ica.fit(subjects: ArraySubjects(data), cache: cache)
            return (try XCTUnwrap(ica.components), cache)
        }
        let (first, c1) = try fit(4)
        XCTAssertEqual(c1.statistics.hits, 0)
        let (second, c2) = try fit(4)
        XCTAssertEqual(second, first)
        XCTAssertEqual(c2.statistics.hits, 3)   // the three reductions; signals not even read
        let (_, c3) = try fit(3)
        XCTAssertEqual(c3.statistics.hits, 3)   // the three signals; reductions recomputed
        XCTAssertEqual(c3.statistics.misses, 3)
        XCTAssertEqual(try DiskCache.clear(directory: dir), 9)
        XCTAssertTrue(DiskCache.usage(directory: dir).isEmpty)
    }
}

/// How the executor shares cores between its workers and their BLAS threads.
final class ExecutorThreadsTests: XCTestCase {
    func testWorkersTimesBLASThreadsFillTheCores() {
        XCTAssertEqual(ThreadExecutor.blasThreadsPerWorker(cores: 16, jobs: 2), 8)
        XCTAssertEqual(ThreadExecutor.blasThreadsPerWorker(cores: 16, jobs: 16), 1)
        XCTAssertEqual(ThreadExecutor.blasThreadsPerWorker(cores: 2, jobs: 3), 1)
        XCTAssertEqual(ThreadExecutor.blasThreadsPerWorker(cores: 16, jobs: 5), 3)
    }
}
