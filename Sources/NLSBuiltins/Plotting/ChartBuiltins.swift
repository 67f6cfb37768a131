import NLS
import NLSCompute
import NLSLearn
import NLSPlot

/// Line charts: plot_lines (matplotlib's plt.plot) and plot_scores (CV curves).
enum ChartBuiltins {
    typealias P = PlotArguments

    static func register(_ r: BuiltinRegistry) {
        let labels = [ParamSpec("xlabel", .optional(.str), default: .none), ParamSpec("ylabel", .optional(.str), default: .none), P.title()]
        r.function("plot_lines", [ParamSpec("x", P.numbers), ParamSpec("ys", .union([P.A, .list(P.A), .list(.float), .list(.int)])),
                                  ParamSpec("labels", .optional(.list(.str)), default: .none)] + labels
                   + [ParamSpec("log_x", .bool, default: .bool(false)), ParamSpec("log_y", .bool, default: .bool(false)), P.output(), P.size()],
                   returns: .void, doc: """
            Line chart with axes, ticks and a legend (matplotlib's plt.plot look).
              x: the x values (Array or list)
              ys: one line (1-D Array or list), a 2-D Array (one line per column, as matplotlib) or a list of Arrays
              labels: legend entries, one per line (default none: no legend)
              xlabel, ylabel, title: text of the axes
              log_x, log_y: logarithmic axes (the values must be positive)
              output, size: file to write (.png, .svg, .pdf) and [width, height] in pixels (default 640×480)
            \(P.deliveryDoc)
            """) { a in
            let out = try FigureDelivery.outputPath(a["output"])
            let x = try P.doubles(a[0], "x")
            var series = try lines(a[1], count: x.count).map { Series(x: x, y: $0) }
            if case .list(let ls) = a["labels"] {
                guard ls.count == series.count else { throw RuntimeError("labels has \(ls.count) entries for \(series.count) lines") }
                for (i, l) in ls.enumerated() { series[i].label = try l.asString() }
            }
            let fig = try LinePlot.figure(series, options: chartOptions(a, logX: a["log_x"].asBool()))
            return try FigureDelivery.deliver(fig, to: out, alt: BrainPlotBuiltins.alt("plot_lines", a), context: a.context)
        }

        let tail = labels + [ParamSpec("log_x", .bool, default: .bool(true)), P.output(), P.size()]
        let scoresDoc = """
            Cross-validation curve: mean score against a parameter on a log axis, ± one standard deviation shaded, \
            the best value marked (dashed line, dot, legend).
              search: a fitted GridSearch over one numeric parameter (its mean_test_score and std_test_score), or
              alphas, scores: the parameter values and their scores (1-D, or 2-D with one row per value and one \
            column per fold, averaged)
              xlabel, ylabel, title: text of the axes (defaults: the parameter's name, "mean CV score")
              log_x: logarithmic x axis (default true)
              output, size: file to write (.png, .svg, .pdf) and [width, height] in pixels (default 640×480)
            \(P.deliveryDoc)
            """
        r.function("plot_scores", [ParamSpec("search", .object("GridSearch", [.typeVar("E")]))] + tail, returns: .void,
                   typeParams: [("E", "Estimator")], doc: scoresDoc) { a in
            let out = try FigureDelivery.outputPath(a["output"])
            let gs = try a[0].payload(SearchBox.self).search
            guard gs.bestIndex >= 0 else { throw RuntimeError("this GridSearch is not fitted yet; call fit(X, y) first") }
            guard gs.grid.count == 1, let name = gs.grid.keys.first else {
                throw RuntimeError("plot_scores draws one parameter; this search varies \(gs.grid.keys.sorted().joined(separator: ", "))")
            }
            guard case .values(let ps)? = gs.cvResults["param_\(name)"], let values = Optional(ps.compactMap(\.asDouble)),
                  values.count == ps.count else {
                throw RuntimeError("plot_scores needs numeric values of '\(name)'")
            }
            guard let mean = gs.cvResults.numbers("mean_test_score") else { throw RuntimeError("this GridSearch has no mean_test_score") }
            let scoring = gs.scoring.map { " (\($0.rawValue))" } ?? ""
            let fig = try ScorePlot.figure(values: values, scores: mean.map { [$0] }, std: gs.cvResults.numbers("std_test_score"),
                                           best: gs.bestIndex, parameter: name, scoreName: "mean CV score" + scoring,
                                           options: chartOptions(a, logX: a["log_x"].asBool()))
            return try FigureDelivery.deliver(fig, to: out, alt: BrainPlotBuiltins.alt("plot_scores", a), context: a.context)
        }
        r.function("plot_scores", [ParamSpec("alphas", P.numbers), ParamSpec("scores", P.numbers)] + tail, returns: .void, doc: scoresDoc) { a in
            let out = try FigureDelivery.outputPath(a["output"])
            let values = try P.doubles(a[0], "alphas")
            let rows: [[Double]]
            let s = try a[1].ndarray()
            switch s.ndim {
            case 0, 1: rows = s.values.map { [$0] }
            case 2: rows = (0..<s.shape[0]).map { i in Array(s.values[i * s.shape[1] ..< (i + 1) * s.shape[1]]) }
            default: throw RuntimeError("scores must be 1-D or 2-D (one row per parameter value), got shape \(s.shape)")
            }
            let fig = try ScorePlot.figure(values: values, scores: rows, parameter: "alpha",
                                           options: chartOptions(a, logX: a["log_x"].asBool()))
            return try FigureDelivery.deliver(fig, to: out, alt: BrainPlotBuiltins.alt("plot_scores", a), context: a.context)
        }
    }

    static func chartOptions(_ a: Args, logX: Bool) throws -> LinePlot.Options {
        var o = LinePlot.Options()
        o.xlabel = a["xlabel"].optionalString
        o.ylabel = a["ylabel"].optionalString
        o.title = a["title"].optionalString
        o.logX = logX
        if case .bool(let b) = a["log_y"] { o.logY = b }
        o.size = try P.sizeValue(a["size"])
        return o
    }

    /// The y values of each line: a flat list or 1-D Array is one line, a 2-D Array one per
    /// column, a list of Arrays one each.
    static func lines(_ v: Value, count n: Int) throws -> [[Double]] {
        var out: [[Double]]
        if case .list(let xs) = v, let first = xs.first, !(first.isNumber) {
            out = try xs.enumerated().map { try P.doubles($0.element, "ys[\($0.offset)]") }
        } else {
            let a = try v.ndarray()
            switch a.ndim {
            case 0, 1: out = [a.values]
            case 2:
                guard a.shape[0] == n else { throw RuntimeError("ys has \(a.shape[0]) rows but x has \(n) values (one line per column)") }
                out = (0..<a.shape[1]).map { j in (0..<n).map { a.values[$0 * a.shape[1] + j] } }
            default: throw RuntimeError("ys must be 1-D or 2-D, got shape \(a.shape)")
            }
        }
        for (i, y) in out.enumerated() where y.count != n {
            throw RuntimeError(out.count == 1 ? "ys has \(y.count) values but x has \(n)" : "ys[\(i)] has \(y.count) values but x has \(n)")
        }
        return out
    }
}

extension Value {
    var isNumber: Bool { switch self { case .int, .float: return true; default: return false } }
}
