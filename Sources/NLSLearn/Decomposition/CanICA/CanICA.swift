import Foundation
import NLSCompute

/// How CanICA thresholds its maps (nilearn's `threshold`: "auto", a float ratio, or None).
public enum ICAThreshold: Equatable, Sendable {
    /// Keep about `ratio / n_components` of all map entries ("auto" is 1).
    case ratio(Double)
    case none
}

/// Canonical ICA of group data (Varoquaux et al. 2010) with nilearn 0.14's semantics
/// (`nilearn.decomposition.CanICA`), on signals that are already masked and cleaned (the
/// imaging layer supplies them, see `SubjectSource`):
///
/// 1. each subject [time × voxels] is reduced to its first n_components voxel patterns
///    scaled by their singular values (`SubjectReduction`: nilearn's `_fast_svd`, randomized
///    for large subjects, a fresh RandomState(random_state) per subject);
/// 2. the reductions are stacked, CCA-normalised and reduced again by a randomized SVD
///    (`GroupPCA`, n_iter 3): the group maps and `variance`;
/// 3. FastICA (cube, arbitrary-variance whitening, float64) runs `n_init` times on the maps
///    [voxels × k] with seeds RandomState(random_state).randint(2³¹ − 1, size=n_init); the
///    run whose largest per-component L1 norm is smallest is kept (`ICAMaps.sparsity`);
/// 4. threshold (`ICAMaps.threshold`), cast to the data's dtype, flip so that each peak is
///    positive.
///
/// Subjects are reduced on the executor's workers and, with a `DiskCache`, their signals
/// and reductions are kept on disk keyed by content; only the subjects being reduced and the
/// reductions [n_subjects·k × voxels] are in memory at once.
public final class CanICA: Transformer {
    public static let typeName = "CanICA"
    public static let summary = "Canonical ICA of group data (nilearn CanICA) on masked, cleaned signals."
    public static let parameterSpecs = [
        ParameterSpec("n_components", .int, default: .int(20), doc: "Number of components (maps) to extract."),
        ParameterSpec("do_cca", .bool, default: .bool(true), doc: "Normalise the subject reductions (canonical correlation) before the group PCA."),
        ParameterSpec("threshold", .float, default: .string("auto"),
                      doc: "\"auto\" (ratio 1), a ratio ≤ n_components (about ratio/n_components of the entries survive), or none."),
        ParameterSpec("n_init", .int, default: .int(10), doc: "FastICA runs; the sparsest is kept."),
        ParameterSpec("random_state", .optionalInt, default: .none, doc: "Seed of the randomized SVDs and of the FastICA seeds; none draws fresh ones."),
        ParameterSpec("memory_level", .int, default: .int(0),
                      doc: "With a cache: 0 keeps masks, cleaned signals and subject reductions; ≥ 2 also each FastICA run."),
    ]
    public static let attributeSpecs = [
        AttributeSpec("components", .array, doc: "Thresholded independent maps [n_components × voxels]."),
        AttributeSpec("variance", .array, doc: "Singular values of the group PCA (nilearn's variance_)."),
        AttributeSpec("group_maps", .array, doc: "The group-PCA maps fed to FastICA [n_components × voxels]."),
        AttributeSpec("unthresholded", .array, doc: "The kept FastICA run's maps before thresholding and sign flip."),
        AttributeSpec("chosen_init", .int, doc: "Index of the FastICA run that was kept."),
    ]

    public var nComponents = 20
    public var doCCA = true
    public var threshold: ICAThreshold = .ratio(1)
    public var nInit = 10
    public var randomState: Int?
    public var memoryLevel = 0
    public var backend: ComputeBackend = CPUBackend.shared

    public private(set) var components: NDArray?
    public private(set) var variance: [Double] = []
    public private(set) var groupMaps: NDArray?
    public private(set) var unthresholded: NDArray?
    public private(set) var chosenInit = 0
    public private(set) var sparsities: [Double] = []

    public init() {}

    public func getParam(_ name: String) throws -> ParamValue {
        switch name {
        case "n_components": return .int(nComponents)
        case "do_cca": return .bool(doCCA)
        case "threshold":
            switch threshold {
            case .ratio(let r): return .double(r)
            case .none: return ParamValue.none
            }
        case "n_init": return .int(nInit)
        case "random_state": return randomState.map { .int($0) } ?? ParamValue.none
        case "memory_level": return .int(memoryLevel)
        default: throw unknownParameter(name)
        }
    }

    public func setParam(_ name: String, _ value: ParamValue) throws {
        let who = estimatorName
        switch name {
        case "n_components": nComponents = try ParamRead.int(value, who, name, min: 1)
        case "do_cca": doCCA = try ParamRead.bool(value, who, name)
        case "threshold": threshold = try Self.readThreshold(value, nComponents: nComponents)
        case "n_init": nInit = try ParamRead.int(value, who, name, min: 1)
        case "random_state": randomState = try ParamRead.seed(value, who, name)
        case "memory_level": memoryLevel = try ParamRead.int(value, who, name, min: 0)
        default: throw unknownParameter(name)
        }
    }

    /// "auto" → ratio 1, a number → that ratio (0 < t ≤ n_components, as nilearn checks), none.
    static func readThreshold(_ value: ParamValue, nComponents: Int) throws -> ICAThreshold {
        switch value {
        case .none: return .none
        case .string("auto"): return .ratio(1)
        case .double, .int:
            let t = value.asDouble ?? .nan
            guard t.isFinite, t > 0 else { throw LearnError("CanICA: threshold must be \"auto\", none or a positive ratio, got \(value)") }
            guard t <= Double(nComponents) else {
                throw LearnError("CanICA: threshold=\(t) is larger than n_components=\(nComponents); "
                                 + "use a ratio of at most n_components (\"auto\" means 1)")
            }
            return .ratio(t)
        default: throw LearnError("CanICA: threshold must be \"auto\", none or a number, got \(value)")
        }
    }

    public var isFitted: Bool { components != nil }

    public func attribute(_ name: String) throws -> AttributeValue {
        guard let components = components, let groupMaps = groupMaps, let raw = unthresholded else { throw notFitted() }
        switch name {
        case "components": return .array(components)
        case "variance": return .array(NDArray(variance))
        case "group_maps": return .array(groupMaps)
        case "unthresholded": return .array(raw)
        case "chosen_init": return .int(chosenInit)
        default: throw LearnError("\(estimatorName) has no attribute '\(name)'")
        }
    }

    // MARK: fitting

    /// One subject (nilearn accepts a single image too).
    public func fit(_ x: NDArray) throws {
        try fit(subjects: ArraySubjects([x]))
    }

    /// The group fit. `executor` reduces subjects in parallel, and runs the FastICA inits
    /// unless `icaExecutor` makes one for them (made when they start, for its progress);
    /// `cache` keeps signals, reductions (and at memory_level ≥ 2 the FastICA runs) on disk;
    /// `warn` hears about subjects with fewer volumes than n_components.
    public func fit(subjects: SubjectSource, executor: Executor = ThreadExecutor(nJobs: 1),
                    icaExecutor: (() -> Executor)? = nil, cache: DiskCache? = nil,
                    warn: (String) -> Void = { _ in }) throws {
        if case .ratio(let t) = threshold, t > Double(nComponents) {
            throw LearnError("CanICA: threshold=\(t) is larger than n_components=\(nComponents); use a ratio of at most n_components")
        }
        guard subjects.count > 0 else { throw LearnError("CanICA.fit: needs one or more subjects, got an empty list") }
        // random_state none: one seed for the whole fit, drawn before any work is spread over
        // workers or ranks (so no item draws on its own).
        let seed = randomState ?? Decomposition.sessionSeed()
        let reducer = SubjectReducer(nComponents: nComponents, randomState: seed, cache: cache, backend: backend)
        // One BLAS thread per item whatever the number of workers: the results are then
        // bit-identical for every n_jobs (OpenBLAS's sums depend on its thread count).
        let reduced = try executor.map(subjects.count, backend: backend) { i in
            try ComputeProfile.phase("CanICA: subject reduction (load, clean, SVD)") {
                try backend.withHostThreads(1) { try reducer.reduce(subjects, i) }
            }
        }
        let stacked = try stack(reduced, subjects, warn: warn)
        let float32 = reduced.allSatisfy { $0.dtype == .float32 }
        let (maps, variance) = try ComputeProfile.phase("CanICA: group PCA") {
            try backend.withHostThreads(1) {
                try GroupPCA.fit(stacked, nComponents: nComponents, doCCA: doCCA, randomState: seed, backend: backend)
            }
        }
        let runs = try ComputeProfile.phase("CanICA: FastICA runs") { try unmix(maps, seed: seed, executor: icaExecutor?() ?? executor, cache: cache) }
        let best = runs.indices.min { ICAMaps.sparsity(runs[$0]) < ICAMaps.sparsity(runs[$1]) } ?? 0
        var result = runs[best]
        if case .ratio(let r) = threshold { ICAMaps.applyThreshold(&result, ICAMaps.threshold(runs[best], ratio: r)) }
        if float32 { result = Self.roundedToFloat32(result) }   // nilearn casts to the data's dtype
        ICAMaps.flipToPositivePeak(&result)
        sparsities = runs.map(ICAMaps.sparsity)
        chosenInit = best; unthresholded = runs[best]; groupMaps = maps; self.variance = variance
        components = result
    }

    /// The subjects' reductions stacked [Σ kᵢ × voxels], checking they agree on the voxels.
    private func stack(_ reduced: [NDArray], _ subjects: SubjectSource, warn: (String) -> Void) throws -> NDArray {
        let features = reduced[0].cols
        var rows = 0
        for (i, r) in reduced.enumerated() {
            guard r.cols == features else {
                throw LearnError("CanICA.fit: \(subjects.name(i)) has \(r.cols) voxels but \(subjects.name(0)) has \(features); "
                                 + "all subjects must be masked with the same mask")
            }
            if r.rows < nComponents {
                warn("CanICA: \(subjects.name(i)) has only \(r.rows) volumes, fewer than n_components=\(nComponents); "
                     + "it contributes \(r.rows) components")
            }
            rows += r.rows
        }
        guard rows >= nComponents, features >= nComponents else {
            throw LearnError("CanICA.fit: n_components=\(nComponents) needs at least that many volumes in all and voxels; "
                             + "got \(rows) volumes and \(features) voxels — lower n_components")
        }
        try MemoryBudget.check(count: rows * features, elementBytes: 8, "CanICA's stacked subject reductions")
        var out = ContiguousArray<Double>()
        out.reserveCapacity(rows * features)
        for r in reduced { out.append(contentsOf: r.storage) }
        return NDArray(shape: [rows, features], storage: out)
    }

    /// The n_init FastICA runs on the group maps; each run's maps [k × voxels].
    private func unmix(_ maps: NDArray, seed: Int, executor: Executor, cache: DiskCache?) throws -> [NDArray] {
        var rng = try Decomposition.randomState(seed)
        let seeds = (0..<nInit).map { _ in rng.randint(Int(Int32.max)) }
        let input = maps.transposedMatrix()   // [voxels × k]: voxels are FastICA's samples
        let inputKey = cache != nil && memoryLevel >= 2 ? ContentHash.of(input) : nil
        return try executor.map(nInit, backend: backend) { i in
            let run = { try self.backend.withHostThreads(1) {
                let ica = FastICA()
                ica.whiten = .arbitraryVariance; ica.fun = .cube; ica.randomState = seeds[i]; ica.backend = self.backend
                return try ica.fitTransform(input).transposedMatrix()
            } }
            guard let cache = cache, let key = inputKey else { return try run() }
            return try cache.cached("canica_fastica", key: ContentHash.of(["fastica v1 cube arbitrary-variance", key, "\(seeds[i])"]), run)
        }
    }

    static func roundedToFloat32(_ a: NDArray) -> NDArray {
        var out = a
        for i in out.storage.indices { out.storage[i] = Double(Float(out.storage[i])) }
        out.dtype = .float32
        return out
    }

    // MARK: using the maps

    /// Time courses [time × n_components] of a subject's signals [time × voxels]: the
    /// least-squares loadings of the maps (nilearn's NiftiMapsMasker.transform).
    public func transform(_ x: NDArray) throws -> NDArray {
        guard let c = components else { throw notFitted() }
        try Decomposition.checkTransformInput(x, features: c.cols, "\(estimatorName).transform")
        let solution = try Linalg.lstsq(c.transposedMatrix(), x.transposedMatrix(), backend: backend).x
        return solution.transposedMatrix()
    }

    public func inverseTransform(_ x: NDArray) throws -> NDArray {
        guard let c = components else { throw notFitted() }
        guard x.ndim == 2, x.cols == c.rows else {
            throw LearnError("\(estimatorName).inverse_transform: expected [time × \(c.rows)] loadings, got shape \(x.shape)")
        }
        return try backend.gemm(x, c, transA: false, transB: false, alpha: 1)
    }

    /// nilearn's `score`: the share of the subjects' variance the maps explain (one number;
    /// `perComponent` gives one per map, each map alone), on the signals rotated as nilearn's
    /// full-rank reduction rotates them.
    public func score(subjects: SubjectSource, perComponent: Bool = false) throws -> NDArray {
        guard let c = components else { throw notFitted() }
        var parts: [NDArray] = []
        for i in 0..<subjects.count {
            let x = try subjects.signals(i)
            try Decomposition.checkTransformInput(x, features: c.cols, "\(estimatorName).score")
            parts.append(try SubjectReduction.reduce(x, nComponents: x.rows, randomState: randomState, backend: backend))
        }
        let data = try stack(parts, subjects, warn: { _ in })
        return try ExplainedVariance.compute(data, components: c, perComponent: perComponent, backend: backend)
    }
}
