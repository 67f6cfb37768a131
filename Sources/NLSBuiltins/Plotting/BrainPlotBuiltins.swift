import NLS
import NLSImaging
import NLSPlot

/// nilearn.plotting's slice plots: plot_stat_map, plot_img, plot_epi, plot_roi, plot_components.
enum BrainPlotBuiltins {
    typealias P = PlotArguments

    static func register(_ r: BuiltinRegistry) {
        let img = ParamSpec("img", P.imgOrPath)
        let bg = ParamSpec("bg_img", .optional(P.imgOrPath), default: .none)
        let cmap = { (d: String) in ParamSpec("cmap", .str, default: .str(d)) }
        let vmin = ParamSpec("vmin", .optional(.float), default: .none), vmax = ParamSpec("vmax", .optional(.float), default: .none)

        r.function("plot_stat_map", [img, bg, ParamSpec("threshold", .optional(.float), default: .none)]
                   + P.sliceParams() + [vmax, cmap("cold_hot"), P.size()], returns: .void, doc: """
            Plots a statistical map over a background image (nilearn.plotting.plot_stat_map): cuts in world \
            space, neurological convention (L on the left), a diverging colormap symmetric around 0 with a colorbar.
              img: 3-D map (Image or path)
              bg_img: background drawn in gray, dimmed (default none: no background)
              threshold: |values| at or below it are transparent (default none: 1e-6, nilearn's); must be ≥ 0
            \(P.sliceDocs)
              vmax: colour range is [-vmax, vmax] (default max |value|)
              cmap: "cold_hot" (blue negative, red/yellow positive), "cold_white_hot", "RdBu_r", "bwr", "hot", \
            "gray", "gist_ncar"; "_r" reverses
            \(P.sizeDoc)
            \(P.deliveryDoc)
            """) { a in
            let out = try FigureDelivery.outputPath(a["output"])
            let fig = try BrainPlots.statMap(a[0].imageValue(), bg: optionalImage(a["bg_img"]), threshold: a["threshold"].optionalDouble,
                                             vmax: a["vmax"].optionalDouble, cmap: a["cmap"].asString(), options: P.sliceOptions(a))
            return try FigureDelivery.deliver(fig, to: out, alt: alt("plot_stat_map", a), context: a.context)
        }

        r.function("plot_img", [img, bg, ParamSpec("threshold", .optional(.float), default: .none)]
                   + P.sliceParams() + [vmin, vmax, cmap("gray"), ParamSpec("black_bg", .bool, default: .bool(false)), P.size()],
                   returns: .void, doc: """
            Plots cuts of any 3-D image (nilearn.plotting.plot_img).
              img: 3-D image (Image or path)
              bg_img: background drawn in gray under it (default none)
              threshold: |values| at or below it are transparent (default none: nothing is)
            \(P.sliceDocs)
              vmin, vmax: colour range (default: the range of the values shown)
              cmap: colormap (default "gray"; see plot_stat_map)
              black_bg: black figure background
            \(P.sizeDoc)
            \(P.deliveryDoc)
            """) { a in
            let out = try FigureDelivery.outputPath(a["output"])
            let fig = try BrainPlots.img(a[0].imageValue(), bg: optionalImage(a["bg_img"]), threshold: a["threshold"].optionalDouble,
                                         vmin: a["vmin"].optionalDouble, vmax: a["vmax"].optionalDouble, cmap: a["cmap"].asString(),
                                         blackBg: a["black_bg"].asBool(), options: P.sliceOptions(a))
            return try FigureDelivery.deliver(fig, to: out, alt: alt("plot_img", a), context: a.context)
        }

        r.function("plot_epi", [img] + P.sliceParams() + [vmin, vmax, cmap("gray"), P.size()], returns: .void, doc: """
            Plots an EPI image in gray on black (nilearn.plotting.plot_epi); a 4-D series is averaged over time first.
              img: 3-D or 4-D image (Image or path)
            \(P.sliceDocs)
              vmin, vmax: gray range (default: the range of the values shown)
              cmap: colormap (default "gray")
            \(P.sizeDoc)
            \(P.deliveryDoc)
            """) { a in
            let out = try FigureDelivery.outputPath(a["output"])
            let fig = try BrainPlots.epi(a[0].imageValue(), vmin: a["vmin"].optionalDouble, vmax: a["vmax"].optionalDouble,
                                         cmap: a["cmap"].asString(), options: P.sliceOptions(a))
            return try FigureDelivery.deliver(fig, to: out, alt: alt("plot_epi", a), context: a.context)
        }

        r.function("plot_roi", [ParamSpec("roi_img", P.imgOrPath), bg, ParamSpec("threshold", .float, default: .float(0.5)),
                                ParamSpec("alpha", .float, default: .float(0.7))] + P.sliceParams() + [cmap("gist_ncar"), P.size()],
                   returns: .void, doc: """
            Plots a mask or a label image over a background (nilearn.plotting.plot_roi): one colour per label.
              roi_img: 3-D mask or labels (Image or path)
              bg_img: background drawn in gray (default none)
              threshold: values at or below it are not drawn (default 0.5)
              alpha: opacity of the labels, 0–1 (default 0.7)
            \(P.sliceDocs)
              cmap: label colours (default "gist_ncar")
            \(P.sizeDoc)
            \(P.deliveryDoc)
            """) { a in
            let out = try FigureDelivery.outputPath(a["output"])
            let fig = try BrainPlots.roi(a[0].imageValue(), bg: optionalImage(a["bg_img"]), threshold: a["threshold"].asDouble(),
                                         alpha: a["alpha"].asDouble(), cmap: a["cmap"].asString(), options: P.sliceOptions(a))
            return try FigureDelivery.deliver(fig, to: out, alt: alt("plot_roi", a), context: a.context)
        }

        r.function("plot_components", [ParamSpec("img", P.imgOrPath), bg, ParamSpec("threshold", .optional(.float), default: .none),
                                       ParamSpec("n_cols", .optional(.int), default: .none),
                                       ParamSpec("display_mode", .str, default: .str("z")), cmap("cold_hot"),
                                       P.title(), P.output(), P.size()], returns: .void, doc: """
            One small stat-map panel per volume of a 4-D image (ICA/PCA components, probabilistic maps), each cut at \
            its own peak, as nilearn's CanICA example.
              img: 4-D image, one volume per component
              bg_img: background drawn in gray (default none)
              threshold: |values| at or below it are transparent (default none: per component the 80th percentile of \
            its |non-zero values|, nilearn's "auto")
              n_cols: panels per row (default ⌈√n⌉)
              display_mode: "z" (default), "x", "y" (one cut) or "ortho" (three)
              cmap: colormap (default "cold_hot")
              title: heading above the panels
              output, size: as plot_stat_map
            \(P.deliveryDoc)
            """) { a in
            let out = try FigureDelivery.outputPath(a["output"])
            let fig = try ComponentsPlot.figure(a[0].imageValue(), bg: optionalImage(a["bg_img"]), threshold: a["threshold"].optionalDouble,
                                                columns: a["n_cols"].optionalInt, displayMode: DisplayMode(name: a["display_mode"].asString()),
                                                cmap: a["cmap"].asString(), title: a["title"].optionalString,
                                                size: P.sizeValue(a["size"]))
            return try FigureDelivery.deliver(fig, to: out, alt: alt("plot_components", a), context: a.context)
        }
    }

    static func optionalImage(_ v: Value) throws -> Image? { v.isNone ? nil : try v.imageValue() }

    /// Alternative text of the emitted image: the plot and its title.
    static func alt(_ name: String, _ a: Args) -> String {
        if case .str(let t) = a["title"], !t.isEmpty { return "\(name): \(t)" }
        return name
    }
}

extension Value {
    var optionalString: String? { if case .str(let s) = self { return s } else { return nil } }
}
