import Foundation
import NLS
import NLSCompute
import NLSImaging
import NLSLearn

/// nilearn's `CanICA` in the language: NLSImaging masks and cleans the subjects,
/// NLSLearn's `CanICA` decomposes them; this object holds both and the cache folder.
final class CanICAModel {
    let ica: CanICA
    let mask: Image?
    let maskStrategy: MaskStrategy
    let cleaning: NiftiMasker   // unfitted: carries the cleaning parameters
    let memory: String?
    let nJobs: Int?
    let verbose: Int?
    var masker: NiftiMasker?

    init(ica: CanICA, mask: Image?, maskStrategy: MaskStrategy, cleaning: NiftiMasker, memory: String?, nJobs: Int?, verbose: Int?) {
        self.ica = ica; self.mask = mask; self.maskStrategy = maskStrategy; self.cleaning = cleaning
        self.memory = memory; self.nJobs = nJobs; self.verbose = verbose
    }
}

enum CanICABuiltins {
    static func register(_ r: BuiltinRegistry) {
        let A = DataTypes.array, I = DataTypes.image, T = NLSType.obj("CanICA")
        let imgOrPath = NLSType.union([I, .str])
        let imgs = NLSType.union([I, .str, .list(imgOrPath)])
        r.objectType("CanICA", doc: CanICA.summary)
        r.function("CanICA", [
            ParamSpec("n_components", .int, default: .int(20)),
            ParamSpec("mask", .optional(imgOrPath), default: .none),
            ParamSpec("mask_strategy", .str, default: .str("epi")),
            ParamSpec("smoothing_fwhm", .optional(.float), default: .float(6)),
            ParamSpec("standardize", .union([.bool, .str]), default: .bool(true)),
            ParamSpec("detrend", .bool, default: .bool(true)),
            ParamSpec("low_pass", .optional(.float), default: .none),
            ParamSpec("high_pass", .optional(.float), default: .none),
            ParamSpec("t_r", .optional(.float), default: .none),
            ParamSpec("do_cca", .bool, default: .bool(true)),
            ParamSpec("threshold", .optional(.union([.str, .float])), default: .str("auto")),
            ParamSpec("n_init", .int, default: .int(10)),
            ParamSpec("random_state", .optional(.int), default: .none),
            ParamSpec("memory", .optional(.str), default: .none),
            ParamSpec("memory_level", .int, default: .int(0)),
            ParamSpec("n_jobs", .optional(.int), default: .none),
            ParamSpec("verbose", .optional(.int), default: .none),
        ], returns: T, doc: """
        CanICA(n_components: 20, mask: none (computed from the subjects by mask_strategy "epi" | "background" | \
        "whole-brain-template"), smoothing_fwhm: 6.0, standardize: true, detrend: true, low_pass / high_pass / t_r: none, \
        do_cca: true, threshold: "auto" | a ratio ≤ n_components | none, n_init: 10, random_state: none, \
        memory: none | a cache folder (masks, cleaned signals and subject reductions are kept there, keyed by content), \
        memory_level: 0, n_jobs / verbose: none (the settings)). \
        fit(imgs) with a list of 4-D images or paths (one per subject); then components [n_components × voxels], \
        components_img, mask_img, masker, variance; transform(imgs) → one [time × n_components] array per subject.
        """) { a in try make(a) }
        r.method("CanICA", "fit", [ParamSpec("imgs", imgs)], returns: T,
                 doc: "Masks, cleans and reduces each subject (in parallel with n_jobs), then the group PCA and FastICA.") { s, a in
            try fit(try s.payload(CanICAModel.self), a["imgs"], context: a.context)
            return s
        }
        r.method("CanICA", "transform", [ParamSpec("imgs", imgs)], returns: .list(A),
                 doc: "Time courses of the components, one [time × n_components] array per subject (least squares on the mask, as NiftiMapsMasker).") { s, a in
            let (m, masker) = try fitted(s)
            // The raw signals in the mask (NiftiMapsMasker cleans nothing by default);
            // images on another grid are resampled onto the mask.
            let raw = NiftiMasker(mask: try masked(masker))
            try raw.fit()
            return .list(try inputs(a["imgs"]).map { input in
                let x: NDArray
                switch input {
                case .path(let p): x = try raw.transform(path: p)
                case .image(let img): x = try raw.transform(img)
                }
                return .array(try m.ica.transform(x))
            })
        }
        r.method("CanICA", "inverse_transform", [ParamSpec("loadings", .list(A))], returns: .list(I),
                 doc: "Component time courses back to 4-D images (loadings @ components, unmasked).") { s, a in
            let (m, masker) = try fitted(s)
            return .list(try a[0].asList().map { .image(try masker.inverseTransform(try m.ica.inverseTransform($0.ndarray()))) })
        }
        r.method("CanICA", "score", [ParamSpec("imgs", imgs)], returns: .float,
                 doc: "Explained variance of the subjects' cleaned signals by the components (nilearn's score, per_component false).") { s, a in
            let (m, masker) = try fitted(s)
            let subjects = NiftiSubjects(try inputs(a["imgs"]), masker: masker)
            return .float(try m.ica.score(subjects: subjects).storage[0])
        }
        attributes(r)
    }

    private static func attributes(_ r: BuiltinRegistry) {
        let A = DataTypes.array, I = DataTypes.image
        r.attribute("CanICA", "components", A, doc: "Thresholded independent maps [n_components × voxels] (float32 for integer images, as nilearn).") { v in
            .array(try fittedICA(v).components!)
        }
        r.attribute("CanICA", "components_img", I, doc: "The components as a 4-D image, one volume per component.") { v in
            let (m, masker) = try fitted(v)
            return .image(try masker.inverseTransform(m.ica.components!))
        }
        r.attribute("CanICA", "mask_img", I, doc: "The mask used (given, or computed from the subjects).") { v in
            .image(try masked(try fitted(v).1))
        }
        r.attribute("CanICA", "masker", .obj("NiftiMasker"), doc: "The fitted masker (mask and cleaning parameters).") { v in
            .object(NativeObject(type: .obj("NiftiMasker"), payload: MaskerBox(try fitted(v).1, verbose: nil)))
        }
        r.attribute("CanICA", "variance", A, doc: "Singular values of the group PCA (nilearn's variance_).") { v in
            .array(NDArray(try fittedICA(v).variance))
        }
        r.attribute("CanICA", "unthresholded", A, doc: "The kept FastICA run's maps before thresholding and the sign flip.") { v in
            .array(try fittedICA(v).unthresholded!)
        }
        r.attribute("CanICA", "chosen_init", .int, doc: "Index of the FastICA run that was kept (the sparsest).") { v in
            .int(try fittedICA(v).chosenInit)
        }
        r.attribute("CanICA", "n_components", .int, doc: "Number of components.") { v in
            .int(try v.payload(CanICAModel.self).ica.nComponents)
        }
    }

    static func make(_ a: Args) throws -> Value {
        let ica = CanICA()
        try ica.setParam("n_components", .int(try a["n_components"].asInt()))
        try ica.setParam("do_cca", .bool(try a["do_cca"].asBool()))
        try ica.setParam("n_init", .int(try a["n_init"].asInt()))
        try ica.setParam("random_state", a["random_state"].optionalInt.map { .int($0) } ?? ParamValue.none)
        try ica.setParam("memory_level", .int(try a["memory_level"].asInt()))
        let threshold: ParamValue
        switch a["threshold"] {
        case .none: threshold = ParamValue.none
        case .str(let s):
            guard s == "auto" else { throw RuntimeError("CanICA: threshold must be \"auto\", a number or none, not \"\(s)\"") }
            threshold = .string(s)
        default: threshold = .double(try a["threshold"].asDouble())
        }
        try ica.setParam("threshold", threshold)
        let strategyName = try a["mask_strategy"].asString()
        guard let strategy = MaskStrategy(rawValue: strategyName) else {
            throw RuntimeError("CanICA: mask_strategy must be \"epi\", \"background\" or \"whole-brain-template\", not \"\(strategyName)\"")
        }
        let cleaning = NiftiMasker(standardize: try MaskingBuiltins.standardize(a["standardize"]),
                                   detrend: try a["detrend"].asBool(), smoothingFwhm: a["smoothing_fwhm"].optionalDouble,
                                   lowPass: a["low_pass"].optionalDouble, highPass: a["high_pass"].optionalDouble,
                                   tR: a["t_r"].optionalDouble)
        if let n = a["n_jobs"].optionalInt, n == 0 { throw RuntimeError("CanICA: n_jobs must be positive or -1 (every core), not 0") }
        let memory = try a["memory"].isNone ? nil : expandingTilde(a["memory"].asString())
        let model = CanICAModel(ica: ica, mask: a["mask"].isNone ? nil : try a["mask"].imageValue(), maskStrategy: strategy,
                                cleaning: cleaning, memory: memory, nJobs: a["n_jobs"].optionalInt,
                                verbose: a["verbose"].optionalInt)
        return .object(NativeObject(type: .obj("CanICA"), payload: model))
    }

    /// A single image or path is one subject (as nilearn); a list holds one per subject.
    static func inputs(_ v: Value) throws -> [SubjectInput] {
        func one(_ x: Value) throws -> SubjectInput {
            if case .str(let p) = x { return .path(expandingTilde(p)) }
            return .image(try x.imageValue())
        }
        if case .list(let xs) = v {
            guard !xs.isEmpty else { throw RuntimeError("CanICA: needs one or more 4-D images, got an empty list") }
            return try xs.map(one)
        }
        return [try one(v)]
    }

    static func fit(_ m: CanICAModel, _ imgs: Value, context: CallContext) throws {
        let inputs = try inputs(imgs)
        try GroupMask.checkInputs(inputs, sameGrid: m.mask == nil)
        var cache: DiskCache?
        if let dir = m.memory {
            CacheBuiltins.used(dir)
            do { cache = try DiskCache(directory: dir) } catch {
                printError("warning: CanICA: \(error); running without a cache")
            }
        }
        let verbose = m.verbose ?? context.verbose, nJobs = m.nJobs ?? context.nJobs
        try LibraryRuns.interruptible {
            let masker = NiftiMasker(mask: nil, standardize: m.cleaning.standardize, detrend: m.cleaning.detrend,
                                     smoothingFwhm: m.cleaning.smoothingFwhm, lowPass: m.cleaning.lowPass,
                                     highPass: m.cleaning.highPass, tR: m.cleaning.tR)
            let subjects = NiftiSubjects(inputs, masker: masker)
            if verbose >= 1 && m.mask == nil { printError("CanICA: computing the mask (\(m.maskStrategy.rawValue)) from \(inputs.count) subjects") }
            let maskExecutor = LibraryRuns.executor(nJobs: nJobs, verbose: 0, label: "CanICA mask", unit: "subjects")
            masker.mask = try m.mask ?? GroupMask.compute(subjects, strategy: m.maskStrategy, cache: cache, executor: maskExecutor)
            try masker.fit()
            let executor = LibraryRuns.executor(nJobs: nJobs, verbose: verbose, label: "CanICA", unit: "subjects")
            let icaExecutor = { LibraryRuns.executor(nJobs: nJobs, verbose: verbose, label: "CanICA FastICA", unit: "runs") as Executor }
            m.ica.backend = try currentBackend(context)
            try m.ica.fit(subjects: subjects, executor: executor, icaExecutor: icaExecutor, cache: cache,
                          warn: { printError("warning: " + $0) })
            m.masker = masker
            if verbose >= 1, let c = cache {
                let s = c.statistics
                printError("CanICA: cache \(c.directory): \(s.hits) hits, \(s.misses) misses" + (s.rejected > 0 ? ", \(s.rejected) damaged entries recomputed" : ""))
            }
        }
    }

    static func fitted(_ v: Value) throws -> (CanICAModel, NiftiMasker) {
        let m = try v.payload(CanICAModel.self)
        guard m.ica.isFitted, let masker = m.masker else { throw RuntimeError("this CanICA is not fitted yet; call fit(imgs) first") }
        return (m, masker)
    }

    static func fittedICA(_ v: Value) throws -> CanICA { try fitted(v).0.ica }

    static func masked(_ masker: NiftiMasker) throws -> Image {
        guard let img = masker.maskImg else { throw RuntimeError("the CanICA masker has no mask") }
        return img
    }
}
