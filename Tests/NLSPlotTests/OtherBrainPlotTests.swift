import XCTest
import NLSCompute
import NLSImaging
@testable import NLSPlot

/// plot_img, plot_epi, plot_roi, plot_components and the x/y/z display modes.
final class OtherBrainPlotTests: XCTestCase {
    func testEpiAveragesASeriesAndDrawsGrayOnBlack() throws {
        // Two volumes whose mean is the anatomy.
        let a = Synthetic.anatomy
        let lo = try mathImg([a]) { $0[0] * 0.5 }, hi = try mathImg([a]) { $0[0] * 1.5 }
        let series = try concatImgs([lo, hi])
        var o = SliceOptions()
        o.title = "mean EPI"
        let fig = try BrainPlots.epi(series, options: o)
        Synthetic.dump(fig, "epi")
        let r = try fig.rasterize()
        XCTAssertEqual(r.color(2, r.height - 2), .black, "plot_epi: black background")
        let z = fig.layout.panels.first { $0.direction == .z }!
        let p = z.pixel(world: (10, 10, z.coord))
        let c = r.color(Int(p.x), Int(p.y))
        XCTAssertTrue(c.isGray && c.r > 0.3, "\(c)")
        let same = try BrainPlots.epi(a, options: o).rasterize()
        XCTAssertEqual(same.pixels, r.pixels, "a series plots as its mean")
    }

    func testImgWithThresholdAndRowOfCuts() throws {
        var o = SliceOptions()
        o.displayMode = .z
        o.cutCoords = .coords([-20, 0, 10, 30])
        let fig = try BrainPlots.img(Synthetic.statMap(), threshold: 1, cmap: "hot", options: o)
        Synthetic.dump(fig, "img_z_row")
        XCTAssertEqual(fig.layout.panels.map(\.coord), [-20, 0, 10, 30])
        XCTAssertTrue(fig.layout.panels.allSatisfy { $0.direction == .z })
        XCTAssertEqual(fig.width, 950, "nilearn: 2.2 in per cut + 0.7 in colorbar at 100 dpi")
        XCTAssertEqual(fig.height, 260)
    }

    func testAutomaticRowOfCutsHasSevenCutsThroughTheData() throws {
        var o = SliceOptions()
        o.displayMode = .x
        let fig = try BrainPlots.statMap(Synthetic.statMap(), threshold: 1, options: o)
        Synthetic.dump(fig, "stat_map_x_auto")
        let xs = fig.layout.panels.map(\.coord)
        XCTAssertEqual(xs.count, 7)
        XCTAssertEqual(xs, xs.sorted())
        XCTAssertTrue(xs.contains { abs($0 - 30) <= 4 } && xs.contains { abs($0 + 30) <= 4 }, "\(xs): a cut through each blob")
    }

    func testRoiLabelsGetDistinctColours() throws {
        let roi = Synthetic.image { x, y, z in
            Synthetic.distance((x, y, z), (-30, 0, 10)) <= 14 ? 1 : Synthetic.distance((x, y, z), (30, 0, 10)) <= 14 ? 2 : 0
        }
        var o = SliceOptions()
        o.cutCoords = .coords([30, 0, 10])
        o.title = "two labels"
        let fig = try BrainPlots.roi(roi, bg: Synthetic.anatomy, options: o)
        Synthetic.dump(fig, "roi")
        let r = try fig.rasterize()
        let z = fig.layout.panels[2]
        func at(_ x: Double) -> RGBA { let p = z.pixel(world: (x + 5, 5, 10)); return r.color(Int(p.x), Int(p.y)) }
        let left = at(-30), right = at(30), between = at(0)
        // gist_ncar over labels 1…2: navy for 1, near white for 2, at 70% over the anatomy.
        XCTAssertTrue(left.b > left.r + 0.2, "\(left)")
        XCTAssertGreaterThan(right.r, between.r + 0.15, "\(right) vs \(between)")
        XCTAssertTrue(between.isGray, "label 0 is not drawn: \(between)")
    }

    func testComponentsOnePanelPerVolumeEachAtItsPeak() throws {
        let centres: [(Double, Double, Double)] = [(-40, -30, 30), (20, 20, -10), (40, -60, 0), (0, 0, 50), (-20, 40, 20)]
        let comps = try concatImgs(centres.map { c in
            Synthetic.image { x, y, z in
                let d = Synthetic.distance((x, y, z), c)
                return Synthetic.brain(x, y, z) ? 6 * exp(-d * d / 200) + 0.2 * sin(x / 7 + y / 5) : 0
            }
        })
        let fig = try ComponentsPlot.figure(comps, bg: Synthetic.anatomy, title: "five components")
        Synthetic.dump(fig, "components")
        XCTAssertEqual(fig.layout.panels.count, 5)
        XCTAssertEqual(fig.width, 3 * 220, "⌈√5⌉ = 3 columns")
        XCTAssertEqual(fig.height, 2 * 260 + 40, "two rows under a heading")
        for (p, c) in zip(fig.layout.panels, centres) {
            XCTAssertEqual(p.direction, .z)
            XCTAssertLessThanOrEqual(abs(p.coord - c.2), 4, "component cut at its own peak")
        }
        let r = try fig.rasterize()
        for (p, c) in zip(fig.layout.panels, centres) {
            let q = p.pixel(world: c)
            XCTAssertTrue(r.color(Int(q.x), Int(q.y)).isWarm || r.color(Int(q.x), Int(q.y)).r > 0.95)
        }
        XCTAssertThrowsError(try ComponentsPlot.figure(Synthetic.anatomy)) { XCTAssertTrue("\($0)".contains("4-D image")) }
        XCTAssertThrowsError(try ComponentsPlot.figure(comps, columns: 0))
    }
}
