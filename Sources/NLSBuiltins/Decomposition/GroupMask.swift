import NLS
import NLSCompute
import NLSImaging
import NLSLearn

/// The mask of a group decomposition when none is given (nilearn's MultiNiftiMasker.fit):
/// one mask per subject by the strategy, intersected (threshold 0.5, largest connected
/// component), subjects read one at a time. With a cache, the result is kept on disk keyed
/// by the subjects' contents and the strategy.
enum GroupMask {
    static let step = "group_mask"

    static func compute(_ subjects: NiftiSubjects, strategy: MaskStrategy, cache: DiskCache?,
                        executor: Executor) throws -> Image {
        let first = try subjects.inputs[0].geometry()
        var key: String?
        if let cache = cache {
            key = ContentHash.of(["group mask v1", strategy.rawValue] + (try (0..<subjects.count).map(subjects.inputKey)))
            if let k = key, let hit = cache.load(step, key: k), hit.shape == Array(first.shape.prefix(3)) {
                return try Image(shape: hit.shape, storage: hit.storage, affine: first.affine, dtype: .int64)
            }
        }
        let load = { (i: Int) in try subjects.inputs[i].load() }
        let mask: Image
        switch strategy {
        case .epi, .background:
            // One mask per subject (n_jobs subjects read at once), then nilearn's intersection.
            let masks = try executor.map(subjects.count, backend: CPUBackend.shared) { i -> Image in
                // A file's EPI mask needs only its mean: read it volume by volume.
                if strategy == .epi, case .path(let p) = subjects.inputs[i] { return try computeEpiMask(path: p) }
                return strategy == .epi ? try computeEpiMask(try load(i)) : try computeBackgroundMask(try load(i))
            }
            mask = try intersectMasks(masks, threshold: 0.5, connected: true)
        case .wholeBrainTemplate:
            mask = try computeBrainMask(try load(0), template: try Templates.mni152BrainMask())
        }
        if let cache = cache, let k = key {
            cache.store(step, key: k, NDArray(shape: mask.spatialShape, storage: ContiguousArray(mask.storage.prefix(mask.voxelsPerVolume))),
                        computedOnEveryRank: true)
        }
        return mask
    }

    /// Every subject 4-D and, when the mask is to be computed from them, all on one grid
    /// (nilearn would fail later, inside intersect_masks).
    static func checkInputs(_ inputs: [SubjectInput], sameGrid: Bool) throws {
        let g0 = try inputs[0].geometry()
        for (i, input) in inputs.enumerated() {
            let g = try input.geometry()
            guard g.shape.count == 4 else {
                throw RuntimeError("CanICA.fit: subject \(i) (\(input.name)) is a 3-D image of shape \(g.shape); "
                                   + "CanICA needs 4-D images (one per subject, volumes over time)")
            }
            guard i > 0, sameGrid else { continue }
            guard Array(g.shape.prefix(3)) == Array(g0.shape.prefix(3)), Affine.close(g.affine, g0.affine) else {
                throw RuntimeError("CanICA.fit: subject \(i) (\(input.name), grid \(Array(g.shape.prefix(3)))) is not on the grid "
                                   + "of subject 0 (\(inputs[0].name), grid \(Array(g0.shape.prefix(3)))); resample it with "
                                   + "resample_to_img, or give mask: (subjects are then resampled onto the mask)")
            }
        }
    }
}
