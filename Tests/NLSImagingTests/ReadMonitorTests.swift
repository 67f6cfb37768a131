import Foundation
import XCTest
import NLSCompute
@testable import NLSImaging

/// A NIfTI read stops between its 4 MiB chunks when its monitor says so (Ctrl-C in the
/// language) and hears of every volume read (progress).
final class ReadMonitorTests: XCTestCase {
    /// 80 volumes of 32×32×32: at least 10 MiB of voxel data, three 4 MiB chunks or more.
    func writeSeries(_ ext: String) throws -> String {
        let shape = [32, 32, 32, 80]
        let n = shape.reduce(1, *)
        let img = try Image(shape: shape, storage: ContiguousArray((0..<n).map { Double($0 % 1000) * 0.1 }), affine: Affine.identity)
        let path = tempDir() + "/series" + ext
        try saveImage(img, path)
        return path
    }

    func testAStopRequestEndsTheReadBetweenChunks() throws {
        for ext in [".nii.gz", ".nii"] {
            let path = try writeSeries(ext)
            var checks = 0
            let stopSecond = ImagingMonitor(shouldStop: { checks += 1; return checks >= 2 })
            XCTAssertThrowsError(try NiftiReader.load(path, monitor: stopSecond)) { XCTAssertTrue($0 is CancellationError, "\($0)") }
            XCTAssertEqual(checks, 2, "the read must ask before each chunk")
            let masker = NiftiMasker(mask: try Image(shape: [32, 32, 32], storage: ContiguousArray(repeating: 1, count: 32 * 32 * 32), affine: Affine.identity))
            try masker.fit()
            checks = 0
            masker.monitor = stopSecond
            XCTAssertThrowsError(try masker.transform(path: path)) { XCTAssertTrue($0 is CancellationError, "\($0)") }
            // Without a stop request the same read completes.
            XCTAssertEqual(try NiftiReader.load(path, monitor: ImagingMonitor()).shape, [32, 32, 32, 80])
        }
    }

    func testProgressCountsVolumes() throws {
        let path = try writeSeries(".nii.gz")
        var seen: [Int] = []
        let masker = NiftiMasker(mask: try Image(shape: [32, 32, 32], storage: ContiguousArray(repeating: 1, count: 32 * 32 * 32), affine: Affine.identity))
        try masker.fit()
        masker.monitor = ImagingMonitor(progress: { done, total in XCTAssertEqual(total, 80); seen.append(done) })
        XCTAssertEqual(try masker.transform(path: path).shape, [80, 32 * 32 * 32])
        XCTAssertEqual(seen, Array(1...80), "one report per volume when chunks are volumes")
        seen = []
        _ = try NiftiReader.load(path, monitor: ImagingMonitor(progress: { done, _ in seen.append(done) }))
        XCTAssertEqual(seen.last, 80)
        XCTAssertEqual(seen, seen.sorted())
    }
}
