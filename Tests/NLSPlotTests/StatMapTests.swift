import XCTest
import NLSImaging
@testable import NLSPlot

/// plot_stat_map on synthetic blobs at known world positions: colours, threshold,
/// orientation, colorbar, labels, automatic cuts, size.
final class StatMapTests: XCTestCase {
    static let options: SliceOptions = { var o = SliceOptions(); o.cutCoords = .coords([30, -20, 10]); return o }()

    func render(_ img: Image = Synthetic.statMap(), bg: Image? = Synthetic.anatomy, threshold: Double? = 1,
                options: SliceOptions = options) throws -> (Figure, Raster) {
        let fig = try BrainPlots.statMap(img, bg: bg, threshold: threshold, options: options)
        return (fig, try fig.rasterize())
    }

    /// The colour 6 mm off a point diagonally in the panel's plane (off the cross lines).
    func color(_ fig: Figure, _ r: Raster, panel: Int, near p: (Double, Double, Double)) -> RGBA {
        let q = fig.layout.panels[panel].pixel(world: (p.0 + 6, p.1 + 6, p.2 + 6))
        return r.color(Int(q.x), Int(q.y))
    }

    func testBlobsAppearInTheirPanelsAtTheirWorldPositions() throws {
        var o = Self.options
        o.title = "blobs"
        let (fig, r) = try render(options: o)
        Synthetic.dump(fig, "stat_map_ortho")
        XCTAssertEqual(fig.layout.panels.map(\.direction), [.y, .x, .z], "nilearn's ortho order: coronal, sagittal, axial")
        XCTAssertTrue(color(fig, r, panel: 2, near: Synthetic.positive).isWarm, "positive blob in the axial cut")
        XCTAssertTrue(color(fig, r, panel: 2, near: Synthetic.negative).isCold, "negative blob in the axial cut")
        XCTAssertTrue(color(fig, r, panel: 0, near: Synthetic.positive).isWarm, "positive blob in the coronal cut (y = -20)")
        XCTAssertTrue(color(fig, r, panel: 1, near: Synthetic.positive).isWarm, "positive blob in the sagittal cut (x = 30)")
        // Neurological convention: the left hemisphere (negative x) on the left, although
        // the image stores x flipped (voxel i grows to the left).
        let z = fig.layout.panels[2]
        XCTAssertLessThan(z.pixel(world: Synthetic.negative).x, z.rect.midX)
        XCTAssertGreaterThan(z.pixel(world: Synthetic.positive).x, z.rect.midX)
        // Anterior (y > 0) is up in the axial cut, superior (z > 0) up in the others.
        XCTAssertLessThan(z.pixel(world: (0, 50, 0)).y, z.pixel(world: (0, -50, 0)).y)
    }

    func testSubThresholdVoxelsShowTheBackground() throws {
        let (fig, r) = try render()
        // 0.5 in the brain, below the threshold of 1: gray anatomy, not coloured.
        let p = fig.layout.panels[2].pixel(world: (0, 40, 10))
        XCTAssertTrue(r.color(Int(p.x), Int(p.y)).isGray, "\(r.color(Int(p.x), Int(p.y)))")
        XCTAssertGreaterThan(r.color(Int(p.x), Int(p.y)).r, 0.2, "the anatomy, not the black background")
        // With threshold 0.25 the same voxel is coloured (dark red: 0.5 of vmax 5).
        let (fig2, r2) = try render(threshold: 0.25)
        let q = fig2.layout.panels[2].pixel(world: (0, 40, 10))
        let c = r2.color(Int(q.x), Int(q.y))
        XCTAssertFalse(c.isGray, "\(c)")
    }

    func testAffinesDecidePositionsNotVoxelOrder() throws {
        // Same world content on a grid with x not flipped and a 3 mm background grid:
        // the blobs land on the same pixels.
        let plain: [Double] = [4, 0, 0, -90, 0, 4, 0, -126, 0, 0, 4, -72, 0, 0, 0, 1]
        let bg3: [Double] = [3, 0, 0, -93, 0, 3, 0, -129, 0, 0, 3, -75, 0, 0, 0, 1]
        let anat = Synthetic.image(shape: [62, 74, 60], affine: bg3) { x, y, z in Synthetic.brain(x, y, z) ? 90 : 0 }
        let (fig, r) = try render(Synthetic.statMap(affine: plain), bg: anat)
        XCTAssertTrue(color(fig, r, panel: 2, near: Synthetic.positive).isWarm)
        XCTAssertTrue(color(fig, r, panel: 2, near: Synthetic.negative).isCold)
    }

    func testColorbarShowsBothSignsAroundAGrayThresholdBand() throws {
        let (fig, r) = try render()
        let cb = try XCTUnwrap(fig.layout.colorbar)
        let x = Int(cb.midX)
        XCTAssertTrue(r.color(x, Int(cb.y + 0.2 * cb.height)).isWarm, "upper part: positive values")
        XCTAssertTrue(r.color(x, Int(cb.y + 0.8 * cb.height)).isCold, "lower part: negative values")
        XCTAssertEqual(r.color(x, Int(cb.midY)), RGBA(argb: RGBA.brainGray.argb), "|v| ≤ threshold: gray")
        // Tick labels to the left of the bar.
        XCTAssertTrue(hasInk(r, Rect(x: cb.x - 40, y: cb.y - 10, width: 38, height: cb.height + 20), background: .black))
        let (nobar, _) = try render(options: { var o = Self.options; o.colorbar = false; return o }())
        XCTAssertNil(nobar.layout.colorbar)
    }

    func testPositiveOnlyMapsShowHalfAColorbar() throws {
        let img = Synthetic.image { x, y, z in Synthetic.distance((x, y, z), Synthetic.positive) <= 12 ? 3 : 0 }
        let (fig, r) = try render(img, bg: nil)
        let cb = try XCTUnwrap(fig.layout.colorbar)
        XCTAssertTrue(r.color(Int(cb.midX), Int(cb.y + 0.02 * cb.height)).isWarm || r.color(Int(cb.midX), Int(cb.y + 2)).r > 0.9)
        XCTAssertFalse(r.color(Int(cb.midX), Int(cb.maxY - 2)).isCold, "no negative half")
        // No background image: white figure (nilearn's black_bg="auto" without anatomy).
        XCTAssertEqual(r.color(1, 1), .white)
    }

    func testLeftRightAndPositionLabelsAreDrawn() throws {
        let (fig, r) = try render()
        for p in fig.layout.panels {
            let rr = p.rect
            let lr = hasInk(r, Rect(x: rr.x + 0.1 * rr.width, y: rr.y + 0.05 * rr.height, width: 14, height: 18), background: .black)
            XCTAssertEqual(lr, p.direction != .x, "L/R on coronal and axial cuts only (\(p.direction))")
            XCTAssertTrue(hasInk(r, Rect(x: rr.x, y: rr.maxY - 18, width: 40, height: 18), background: .black), "position label")
        }
    }

    func testRequestedSizeAndFormats() throws {
        var o = Self.options
        o.size = (1200, 480)
        let fig = try BrainPlots.statMap(Synthetic.statMap(), bg: Synthetic.anatomy, threshold: 1, options: o)
        let png = try fig.png()
        XCTAssertEqual(Array(png.prefix(4)), [0x89, 0x50, 0x4E, 0x47])
        func be32(_ i: Int) -> Int { png[i..<i + 4].reduce(0) { $0 << 8 | Int($1) } }
        XCTAssertEqual(be32(16), 1200)
        XCTAssertEqual(be32(20), 480)
        let svg = String(decoding: try fig.encoded(.svg), as: UTF8.self)
        XCTAssertTrue(svg.hasPrefix("<?xml") && svg.contains("<svg"), String(svg.prefix(80)))
        XCTAssertTrue(svg.contains("width=\"864"), "1200 px at 100 dpi is 864 pt")
        XCTAssertEqual(Array(try fig.encoded(.pdf).prefix(5)), Array("%PDF-".utf8))
        XCTAssertThrowsError(try FigureFormat(path: "figure.jpg"))
        XCTAssertEqual(try FigureFormat(path: "a.b/figure.SVG"), .svg)
        o.size = (5, 5)
        XCTAssertThrowsError(try BrainPlots.statMap(Synthetic.statMap(), options: o))
    }

    func testAutomaticCutsFollowTheLargestCluster() throws {
        var o = SliceOptions()
        o.title = "auto cuts"
        let (fig, _) = try render(options: o)
        Synthetic.dump(fig, "stat_map_auto")
        // Threshold 1 leaves the two blobs; the positive one has more voxels above |1.5|… both
        // have the same size, so the cut goes to the larger |values| after the second threshold.
        let p = fig.layout.panels
        let at = Dictionary(uniqueKeysWithValues: p.map { ($0.direction, $0.coord) })
        let d = Synthetic.distance((at[.x]!, at[.y]!, at[.z]!), Synthetic.positive)
        XCTAssertLessThan(d, 4, "cut at \(at), expected near the positive blob \(Synthetic.positive)")
    }

    func testBadArgumentsAreErrors() {
        XCTAssertThrowsError(try BrainPlots.statMap(Synthetic.statMap(), threshold: -1)) {
            XCTAssertTrue("\($0)".contains("threshold must be a non-negative number"), "\($0)")
        }
        XCTAssertThrowsError(try DisplayMode(name: "sideways")) { XCTAssertTrue("\($0)".contains("\"ortho\", \"x\", \"y\" or \"z\"")) }
        XCTAssertThrowsError(try BrainPlots.statMap(Synthetic.statMap(), cmap: "viridiss")) { XCTAssertTrue("\($0)".contains("unknown colormap")) }
        var o = SliceOptions()
        o.cutCoords = .coords([1, 2])
        XCTAssertThrowsError(try BrainPlots.statMap(Synthetic.statMap(), options: o)) { XCTAssertTrue("\($0)".contains("three world coordinates")) }
        let four = try! concatImgs([Synthetic.statMap(), Synthetic.statMap()])
        XCTAssertThrowsError(try BrainPlots.statMap(four)) { XCTAssertTrue("\($0)".contains("must be a 3-D image"), "\($0)") }
    }
}

/// Whether a region holds pixels far from the background colour (text, lines).
func hasInk(_ r: Raster, _ rect: Rect, background: RGBA) -> Bool {
    for y in max(0, Int(rect.y))..<min(r.height, Int(rect.maxY)) {
        for x in max(0, Int(rect.x))..<min(r.width, Int(rect.maxX)) {
            let c = r.color(x, y)
            if abs(c.r - background.r) + abs(c.g - background.g) + abs(c.b - background.b) > 1.5 { return true }
        }
    }
    return false
}
