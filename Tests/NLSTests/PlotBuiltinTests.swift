import Foundation
import XCTest
@testable import NLS
import NLSBuiltins

/// The plot builtins through the language: where figures go (output channel, file,
/// terminal), argument checking, help.
final class PlotBuiltinTests: XCTestCase {
    static let setup = """
        let d = make_decoding_data(shape: [20, 24, 18], n_volumes: 40, n_runs: 2, seed: 0)
        let mean = mean_img(d.bold)

        """

    func session(_ output: Output) -> Session {
        let s = Builtins.makeSession(loadPrelude: false)
        s.output = output
        return s
    }

    func run(_ s: Session, _ source: String) throws {
        try TestSupport.onBigStack { try s.run(SourceFile(name: "t.nls", text: Self.setup + source)) }
    }

    func temporaryDirectory() throws -> String {
        let dir = NSTemporaryDirectory() + "nls-plot-builtins-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    func testFiguresReachTheOutputChannelAsPNG() throws {
        let captured = CapturedOutput()
        try run(session(captured.output), "plot_stat_map(d.informative, bg_img: mean, title: \"t\")\nplot_lines([1, 2], [3, 4])")
        XCTAssertEqual(captured.items.count, 2)
        guard case .image(let mime, let data, let alt)? = captured.items.first else { return XCTFail("\(captured.items)") }
        XCTAssertEqual(mime, "image/png")
        XCTAssertEqual(alt, "plot_stat_map: t")
        XCTAssertEqual(OutputItem.pngSize(mime: mime, data)?.width, 730, "nilearn's ortho figure: 7.3 in at 100 dpi")
        XCTAssertEqual(OutputItem.pngSize(mime: mime, data)?.height, 300)
        XCTAssertTrue(captured.text.contains("<image/png 640×480"), captured.text)
    }

    func testOutputWritesTheFileAndStillEmitsTheFigure() throws {
        let dir = try temporaryDirectory()
        let captured = CapturedOutput()
        try run(session(captured.output), """
            plot_epi(d.bold, output: "\(dir)/epi.svg")
            plot_roi(d.mask, output: "\(dir)/roi.pdf", size: [400, 200])
            """)
        let svg = try String(contentsOfFile: dir + "/epi.svg", encoding: .utf8)
        XCTAssertTrue(svg.contains("<svg"))
        XCTAssertEqual(FileManager.default.contents(atPath: dir + "/roi.pdf")?.prefix(5), Data("%PDF-".utf8))
        XCTAssertEqual(captured.items.count, 2, "the channel gets a PNG of each figure as well")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains("nls-tmp") }
        XCTAssertEqual(leftovers, [], "atomic writes leave no temporaries")
    }

    func testATerminalGetsAFileAndItsPath() throws {
        let dir = try temporaryDirectory()
        let cwd = FileManager.default.currentDirectoryPath
        _ = FileManager.default.changeCurrentDirectoryPath(dir)
        defer { _ = FileManager.default.changeCurrentDirectoryPath(cwd) }
        var text = ""
        let terminal = Output { text += $0 }
        XCTAssertFalse(terminal.showsImages)
        try run(session(terminal), "plot_stat_map(d.informative)\nplot_stat_map(d.informative, output: \"named.png\")")
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2, text)
        let auto = try XCTUnwrap(lines.first?.replacingOccurrences(of: "figure written to ", with: ""))
        XCTAssertTrue(auto.hasPrefix("nls-figure-") && auto.hasSuffix(".png"), auto)
        XCTAssertEqual(lines.last, "figure written to named.png")
        for f in [auto, "named.png"] {
            XCTAssertEqual(FileManager.default.contents(atPath: dir + "/" + f)?.prefix(4), Data([0x89, 0x50, 0x4E, 0x47]), f)
        }
    }

    func testBadArgumentsGiveOneClearMessage() throws {
        let cases: [(String, String)] = [
            ("plot_stat_map(d.bold)", "img must be a 3-D image, got a 4-D image with 40 volumes"),
            ("plot_stat_map(d.informative, threshold: -1.0)", "threshold must be a non-negative number, got -1.0"),
            ("plot_stat_map(d.informative, display_mode: \"axial\")", "display_mode must be \"ortho\", \"x\", \"y\" or \"z\", not \"axial\""),
            ("plot_stat_map(d.informative, cut_coords: [1.0])", "cut_coords must be three world coordinates [x, y, z]"),
            ("plot_stat_map(d.informative, cmap: \"jet2\")", "unknown colormap \"jet2\""),
            ("plot_stat_map(d.informative, output: \"/no/such/dir/f.png\")", "cannot write /no/such/dir/f.png: directory /no/such/dir does not exist"),
            ("plot_stat_map(d.informative, output: \"f.jpg\")", "cannot tell the figure format of \"f.jpg\""),
            ("plot_stat_map(d.informative, size: [10, 10])", "figure size must be between 16 and 16384 pixels"),
            ("plot_components(mean)", "plot_components needs a 4-D image"),
            ("plot_roi(d.mask, alpha: 2.0)", "alpha must be between 0 and 1"),
            ("plot_lines([1, 2, 3], [1, 2])", "ys has 2 values but x has 3"),
            ("plot_lines([0, 1], [1, 2], log_x: true)", "log_x needs positive x values, but x[0] is 0"),
            ("plot_lines([1, 2], [3, 4], labels: [\"a\", \"b\"])", "labels has 2 entries for 1 lines"),
            ("plot_scores(GridSearch(Ridge(), grid: {alpha: [1.0, 2.0]}))", "this GridSearch is not fitted yet"),
            ("plot_scores(GridSearch(Ridge(), grid: {alpha: [1.0, 2.0], fit_intercept: [true, false]}, cv: 2).fit(randn([20, 3]), randn([20])))",
             "plot_scores draws one parameter; this search varies alpha, fit_intercept"),
            ("plot_scores([1.0, 2.0], [0.5])", "2 parameter values but 1 rows of scores"),
        ]
        for (source, message) in cases {
            let captured = CapturedOutput()
            XCTAssertThrowsError(try run(session(captured.output), source), source) { error in
                XCTAssertTrue("\(error)".contains(message), "\(source): \(error)")
            }
            XCTAssertEqual(captured.items, [], "\(source): nothing emitted")
        }
    }

    func testHelpListsEveryParameter() throws {
        let s = Builtins.makeSession(loadPrelude: false)
        let help = try XCTUnwrap(s.help(for: "plot_stat_map"))
        for p in ["bg_img", "threshold", "cut_coords", "display_mode", "colorbar", "title", "output", "vmax", "cmap", "size", "Figures:"] {
            XCTAssertTrue(help.contains(p + ":") || help.contains(p), p)
        }
        for name in ["plot_img", "plot_epi", "plot_roi", "plot_components", "plot_lines", "plot_scores"] {
            let h = try XCTUnwrap(s.help(for: name), name)
            XCTAssertTrue(h.contains("output"), name)
        }
    }
}
