import Foundation

/// A cross-validation curve: mean score against a parameter (log x by default), ± one
/// standard deviation shaded when several scores per value are known, the best value
/// marked with a dashed line and a dot (scikit-learn's validation-curve examples).
public enum ScorePlot {
    /// - Parameters:
    ///   - scores: one row per parameter value; several columns (folds or targets) give a mean and a band.
    ///   - best: index of the best value (nil: the first maximum of the mean).
    ///   - parameter: the parameter's name, for the axis label and the marker.
    public static func figure(values: [Double], scores: [[Double]], std: [Double]? = nil, best: Int? = nil,
                              parameter: String = "alpha", scoreName: String = "mean CV score",
                              options: LinePlot.Options = defaultOptions) throws -> Figure {
        guard !values.isEmpty else { throw PlotError("plot_scores: no parameter values") }
        guard scores.count == values.count else {
            throw PlotError("plot_scores: \(values.count) parameter values but \(scores.count) rows of scores")
        }
        guard scores.allSatisfy({ !$0.isEmpty }) else { throw PlotError("plot_scores: every parameter value needs at least one score") }
        let mean = scores.map { r in r.reduce(0, +) / Double(r.count) }
        let sd = std ?? (scores.allSatisfy { $0.count > 1 } ? zip(scores, mean).map { r, m in
            (r.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(r.count)).squareRoot()
        } : nil)
        var s = Series(x: values, y: mean, label: scoreName)
        if let sd { s.band = (zip(mean, sd).map { $0 - $1 }, zip(mean, sd).map { $0 + $1 }) }
        let finite = mean.indices.filter { mean[$0].isFinite }
        guard let top = best ?? finite.max(by: { mean[$0] < mean[$1] || (mean[$0] == mean[$1] && $0 > $1) }) else {
            throw PlotError("plot_scores: every score is NaN")
        }
        guard top >= 0 && top < values.count else { throw PlotError("plot_scores: best index \(top) is out of range") }
        var o = options
        o.xlabel = o.xlabel ?? parameter
        o.ylabel = o.ylabel ?? scoreName
        let marker = Marker(x: values[top], y: mean[top], label: "best \(parameter) = \(format(values[top]))")
        return try LinePlot.figure([s], markers: [marker], options: o)
    }

    /// A log x axis, as regularisation grids are spaced.
    public static var defaultOptions: LinePlot.Options { var o = LinePlot.Options(); o.logX = true; return o }

    /// Four significant digits, as a person would write the value.
    static func format(_ v: Double) -> String { String(format: "%.4g", v) }
}
