import XCTest
@testable import NLS

/// formatDuration must print exactly what IPython's `_format_time` prints (IPython 8.12:
/// `from IPython.core.magics.execution import _format_time`).
final class TimeFormatTests: XCTestCase {
    func testMatchesIPython() {
        let cases: [(Double, String)] = [
            (151.0, "2min 31s"),
            (28.2, "28.2 s"),
            (0.00123, "1.23 ms"),
            (4.5e-6, "4.5 µs"),
            (0, "0 ns"),
            (3600 * 2 + 5, "2h 5s"),
            (60.0, "1min"),
            (59.99, "60 s"),
            (1e-10, "0.1 ns"),
            (0.5, "500 ms"),
            (86400 * 2 + 3661, "2d 1h 1min 1s"),
            (0.9999996e-6, "1e+03 ns"),   // IPython's own quirk for a µs just below 1
            (224.0, "3min 44s"),
            (253.0, "4min 13s"),
            (1.0, "1 s"),
            (0.012345, "12.3 ms"),
        ]
        for (seconds, expected) in cases {
            XCTAssertEqual(formatDuration(seconds), expected, "formatDuration(\(seconds))")
        }
    }

    func testPrecisionArgument() {
        XCTAssertEqual(formatDuration(0.00123456, precision: 4), "1.235 ms")
    }
}
