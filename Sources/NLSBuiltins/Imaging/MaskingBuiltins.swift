import NLS
import NLSCompute
import NLSImaging

/// The language's NiftiMasker: the masker and its own `verbose` (nil: the setting's).
final class MaskerBox: WhosSummary {
    let masker: NiftiMasker
    let verbose: Int?
    init(_ masker: NiftiMasker, verbose: Int?) { self.masker = masker; self.verbose = verbose }
    var whosInfo: String { masker.isFitted ? "fitted, \(masker.nFeatures) voxels" : "not fitted" }
}

/// nilearn.masking equivalents and NiftiMasker.
enum MaskingBuiltins {
    static func register(_ r: BuiltinRegistry) {
        let I = DataTypes.image, A = DataTypes.array
        let imgOrPath = NLSType.union([I, .str])
        r.function("compute_epi_mask", [ParamSpec("img", imgOrPath), ParamSpec("lower_cutoff", .float, default: .float(0.2)),
                                        ParamSpec("upper_cutoff", .float, default: .float(0.85)), ParamSpec("connected", .bool, default: .bool(true)),
                                        ParamSpec("opening", .int, default: .int(2))], returns: I,
                   doc: "Brain mask of an EPI series from its mean's histogram (nilearn.masking.compute_epi_mask).") { a in
            .image(try computeEpiMask(a[0].imageValue(), lowerCutoff: a[1].asDouble(), upperCutoff: a[2].asDouble(),
                                      connected: a[3].asBool(), opening: a[4].asInt()))
        }
        r.function("compute_multi_epi_mask", [ParamSpec("imgs", .list(imgOrPath)), ParamSpec("lower_cutoff", .float, default: .float(0.2)),
                                              ParamSpec("upper_cutoff", .float, default: .float(0.85)), ParamSpec("connected", .bool, default: .bool(true)),
                                              ParamSpec("opening", .int, default: .int(2))], returns: I,
                   doc: "EPI mask common to several series (nilearn.masking.compute_multi_epi_mask).") { a in
            .image(try computeMultiEpiMask(a[0].imageList(), lowerCutoff: a[1].asDouble(), upperCutoff: a[2].asDouble(),
                                           connected: a[3].asBool(), opening: a[4].asInt()))
        }
        r.function("compute_background_mask", [ParamSpec("img", imgOrPath), ParamSpec("border_size", .int, default: .int(2)),
                                               ParamSpec("connected", .bool, default: .bool(false)), ParamSpec("opening", .int, default: .int(0))],
                   returns: I, doc: "Mask of voxels differing from the background value found on the border.") { a in
            .image(try computeBackgroundMask(a[0].imageValue(), borderSize: a[1].asInt(), connected: a[2].asBool(), opening: a[3].asInt()))
        }
        r.function("compute_brain_mask", [ParamSpec("img", imgOrPath), ParamSpec("threshold", .float, default: .float(0.5)),
                                          ParamSpec("connected", .bool, default: .bool(true)), ParamSpec("opening", .int, default: .int(2))],
                   returns: I, doc: "The MNI152 brain mask resampled onto the image's grid (nilearn.masking.compute_brain_mask).") { a in
            .image(try computeBrainMask(a[0].imageValue(), template: Templates.mni152BrainMask(), threshold: a[1].asDouble(),
                                        connected: a[2].asBool(), opening: a[3].asInt()))
        }
        r.function("intersect_masks", [ParamSpec("masks", .list(imgOrPath)), ParamSpec("threshold", .float, default: .float(0.5)),
                                       ParamSpec("connected", .bool, default: .bool(true))], returns: I,
                   doc: "Voxels present in at least `threshold` of the masks (1: intersection, 0: union).") { a in
            .image(try intersectMasks(a[0].imageList(), threshold: a[1].asDouble(), connected: a[2].asBool()))
        }
        r.function("apply_mask", [ParamSpec("img", imgOrPath), ParamSpec("mask", imgOrPath)], returns: A,
                   doc: "Masked data [time × voxels], columns in nilearn's order (C order over i, j, k).") { a in
            .array(try applyMask(a[0].imageValue(), a[1].imageValue()))
        }
        r.function("unmask", [ParamSpec("x", A), ParamSpec("mask", imgOrPath)], returns: I,
                   doc: "Inverse of apply_mask: a [time × voxels] (or [voxels]) array back to an image.") { a in
            .image(try unmask(a[0].ndarray(), a[1].imageValue()))
        }
        r.function("signal_clean", [ParamSpec("signals", A), ParamSpec("detrend", .bool, default: .bool(true)),
                                    ParamSpec("standardize", .union([.bool, .str]), default: .str("zscore_sample")),
                                    ParamSpec("confounds", .optional(A), default: .none),
                                    ParamSpec("low_pass", .optional(.float), default: .none),
                                    ParamSpec("high_pass", .optional(.float), default: .none),
                                    ParamSpec("t_r", .optional(.float), default: .float(2.5))], returns: A,
                   doc: "nilearn.signal.clean: detrend, Butterworth filter, confound removal, standardize.") { a in
            .array(try signalClean(a[0].ndarray(), detrend: a[1].asBool(), standardize: standardize(a[2]),
                                   confounds: a[3].isNone ? nil : try a[3].ndarray(),
                                   lowPass: a[4].optionalDouble, highPass: a[5].optionalDouble, tR: a[6].optionalDouble))
        }
        registerMasker(r)
    }

    static func standardize(_ v: Value) throws -> Standardize {
        switch v {
        case .bool(let b): return b ? .zscoreSample : Standardize.none
        case .str(let s): return try Standardize(parsing: s)
        default: return Standardize.none
        }
    }

    static func registerMasker(_ r: BuiltinRegistry) {
        let M = NLSType.obj("NiftiMasker"), I = DataTypes.image, A = DataTypes.array
        let imgOrPath = NLSType.union([I, .str])
        r.objectType("NiftiMasker", doc: "Extracts [time × voxels] signals from 4-D images inside a mask, with nilearn's cleaning steps.")
        func masker(_ v: Value) throws -> NiftiMasker { try v.payload(MaskerBox.self).masker }
        /// The masker with this call's monitor: Ctrl-C, and progress at verbose ≥ 1.
        func watched(_ v: Value, _ a: Args) throws -> NiftiMasker {
            let box = try v.payload(MaskerBox.self)
            let progress = ProgressReporter.make(verbose: box.verbose ?? a.verbose, label: "NiftiMasker", unit: "volumes")
            box.masker.monitor = ImagingMonitor.reporting(progress.map { p in { done, total in p.update(done, total) } })
            return box.masker
        }
        r.function("NiftiMasker", [
            ParamSpec("mask", .optional(imgOrPath), default: .none),
            ParamSpec("mask_strategy", .str, default: .str("background")),
            ParamSpec("standardize", .union([.bool, .str]), default: .bool(false)),
            ParamSpec("standardize_confounds", .bool, default: .bool(true)),
            ParamSpec("detrend", .bool, default: .bool(false)),
            ParamSpec("smoothing_fwhm", .optional(.float), default: .none),
            ParamSpec("low_pass", .optional(.float), default: .none),
            ParamSpec("high_pass", .optional(.float), default: .none),
            ParamSpec("t_r", .optional(.float), default: .none),
            ParamSpec("verbose", .optional(.int), default: .none),
        ], returns: M, doc: "nilearn.maskers.NiftiMasker with nilearn 0.14 defaults. verbose: none follows the verbose setting; at 1 or more, reading a file given by path reports its volumes on stderr.") { a in
            let strategyName = try a["mask_strategy"].asString()
            guard let strategy = MaskStrategy(rawValue: strategyName) else {
                throw RuntimeError("mask_strategy must be \"background\", \"epi\" or \"whole-brain-template\", not \"\(strategyName)\"")
            }
            let m = NiftiMasker(mask: a["mask"].isNone ? nil : try a["mask"].imageValue(), maskStrategy: strategy,
                                standardize: try standardize(a["standardize"]), standardizeConfounds: try a["standardize_confounds"].asBool(),
                                detrend: try a["detrend"].asBool(), smoothingFwhm: a["smoothing_fwhm"].optionalDouble,
                                lowPass: a["low_pass"].optionalDouble, highPass: a["high_pass"].optionalDouble, tR: a["t_r"].optionalDouble,
                                template: strategy == .wholeBrainTemplate ? try Templates.mni152BrainMask() : nil)
            return .object(NativeObject(type: M, payload: MaskerBox(m, verbose: a["verbose"].optionalInt)))
        }
        r.method("NiftiMasker", "fit", [ParamSpec("img", .optional(imgOrPath), default: .none)], returns: M,
                 doc: "Computes the mask (unless one was given); returns the masker.") { s, a in
            _ = try masker(s).fit(a[0].isNone ? nil : try a[0].imageValue())
            return s
        }
        let confounds = ParamSpec("confounds", .optional(A), default: .none)
        r.method("NiftiMasker", "transform", [ParamSpec("img", imgOrPath), confounds], returns: A,
                 doc: "Masked, cleaned signals [time × voxels].") { s, a in
            let c = a[1].isNone ? nil : try a[1].ndarray()
            // A path streams one volume at a time: memory stays at the size of the output.
            if case .str(let path) = a[0] { return .array(try watched(s, a).transform(path: expandingTilde(path), confounds: c)) }
            return .array(try masker(s).transform(a[0].imageValue(), confounds: c))
        }
        r.method("NiftiMasker", "fit_transform", [ParamSpec("img", imgOrPath), confounds], returns: A,
                 doc: "fit then transform.") { s, a in
            let c = a[1].isNone ? nil : try a[1].ndarray()
            if case .str(let path) = a[0] { return .array(try watched(s, a).fitTransform(path: expandingTilde(path), confounds: c)) }
            return .array(try masker(s).fitTransform(a[0].imageValue(), confounds: c))
        }
        r.method("NiftiMasker", "inverse_transform", [ParamSpec("x", A)], returns: I, doc: "Signals back to an image.") { s, a in
            .image(try masker(s).inverseTransform(a[0].ndarray()))
        }
        r.attribute("NiftiMasker", "mask_img", I, doc: "The mask in use (after fit).") { v in
            guard let m = try masker(v).maskImg else { throw RuntimeError("this NiftiMasker is not fitted yet; call fit() or fit_transform() first") }
            return .image(m)
        }
        r.attribute("NiftiMasker", "n_features", .int, doc: "Number of voxels in the mask (after fit).") { v in .int(try masker(v).nFeatures) }
    }
}
