import XCTest
@testable import NLSPlot

final class ChartTests: XCTestCase {
    func testLogAxisPutsDecadesAtEqualSpacing() throws {
        let x = [1e-3, 1e-2, 1e-1, 1, 10, 100, 1000]
        var o = LinePlot.Options()
        o.logX = true
        o.title = "log x"; o.xlabel = "alpha"; o.ylabel = "score"
        var s = Series(x: x, y: [0.1, 0.2, 0.4, 0.6, 0.5, 0.3, 0.1], label: "r2")
        s.color = .black
        let fig = try LinePlot.figure([s], options: o)
        Synthetic.dump(fig, "lines_log")
        let a = try XCTUnwrap(fig.layout.axes)
        let px = x.map(a.px)
        let gaps = zip(px.dropFirst(), px).map { $0 - $1 }
        for g in gaps { XCTAssertEqual(g, gaps[0], accuracy: 1e-9) }
        // 5% margins on each side in log space: 1e-3 sits at 0.05/1.1 of the width.
        XCTAssertEqual((px[0] - a.rect.x) / a.rect.width, 0.05 / 1.1, accuracy: 1e-9)
        // The line passes through the data pixels.
        let r = try fig.rasterize()
        for (xv, yv) in zip(x, s.y) {
            XCTAssertLessThan(r.color(Int(a.px(xv)), Int(a.py(yv))).r, 0.1, "point (\(xv), \(yv))")
        }
        // Decade labels under the axis.
        XCTAssertTrue(hasInk(r, Rect(x: a.px(1) - 10, y: a.rect.maxY + 6, width: 20, height: 16), background: .white))
    }

    func testTicks() {
        XCTAssertEqual(Ticks.linear(0, 1, maxTicks: 9).map(\.label), ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        XCTAssertEqual(Ticks.linear(-0.55, 10.55, maxTicks: 9).map(\.label), ["0", "2", "4", "6", "8", "10"])
        XCTAssertEqual(Ticks.linear(-3, 3, maxTicks: 9).map(\.label).first, "\u{2212}3")
        let log = Ticks.log(pow(10, -6.6), pow(10, 6.6), maxTicks: 11)
        XCTAssertEqual(log.major.compactMap(\.exponent), ["\u{2212}6", "\u{2212}4", "\u{2212}2", "0", "2", "4", "6"])
    }

    func testScoresMarkTheBestAlpha() throws {
        let alphas = (0..<25).map { pow(10, -3 + Double($0) * 0.25) }
        let scores = alphas.map { a in [0.5 - 0.05 * pow(log10(a) - 1, 2), 0.45 - 0.05 * pow(log10(a) - 1, 2)] }
        var o = ScorePlot.defaultOptions
        o.title = "CV curve"
        let fig = try ScorePlot.figure(values: alphas, scores: scores, options: o)
        Synthetic.dump(fig, "scores")
        let a = try XCTUnwrap(fig.layout.axes)
        XCTAssertTrue(a.logX)
        let r = try fig.rasterize()
        // The best alpha is 10 (index 16): a black dot there.
        XCTAssertLessThan(r.color(Int(a.px(10)), Int(a.py(0.475))).r, 0.1)
        XCTAssertThrowsError(try ScorePlot.figure(values: [1, 2], scores: [[1]]))
    }

    func testLineErrors() {
        XCTAssertThrowsError(try LinePlot.figure([Series(x: [1, 2], y: [1])]))
        var o = LinePlot.Options()
        o.logX = true
        XCTAssertThrowsError(try LinePlot.figure([Series(x: [0, 1], y: [1, 2])], options: o)) {
            XCTAssertTrue("\($0)".contains("log_x needs positive x values, but x[0] is 0"), "\($0)")
        }
    }

    func testColormapsMatchMatplotlib() throws {
        let ch = try NamedColormaps.named("cold_hot")
        XCTAssertEqual(ch.lut[255], RGBA(1, 1, 1), "cold_hot ends in white")
        XCTAssertEqual(ch.lut[0], RGBA(1, 1, 1))
        XCTAssertEqual(ch.lut[127].r, 0, accuracy: 0.02); XCTAssertEqual(ch.lut[128].b, 0, accuracy: 0.02)
        XCTAssertTrue(ch.lut[200].isWarm && ch.lut[55].isCold)
        let gray = try NamedColormaps.named("gray")
        XCTAssertEqual(gray.color(0.5, vmin: 0, vmax: 1).r, 128.0 / 255, accuracy: 1e-9, "int(0.5 · 256) = 128")
        XCTAssertEqual(try NamedColormaps.named("gray_r").lut[0], RGBA(1, 1, 1))
        XCTAssertEqual(try NamedColormaps.named("RdBu_r").lut[0].argb, RGBA(hex: 0x053061).argb)
    }
}
