import NLSCompute

/// Step 1 of CanICA for one subject, with the disk cache in front of its two costly parts:
/// the signals (masking and cleaning, keyed by the source's digest) and the reduction
/// (keyed by that digest, n_components and the seed). Without a seed the reduction is not
/// reused: nilearn then draws a fresh random basis every time.
struct SubjectReducer {
    let nComponents: Int
    let randomState: Int?
    let cache: DiskCache?
    let backend: ComputeBackend

    static let signalsStep = "canica_signals"
    static let reductionStep = "canica_subject_reduction"

    func reduce(_ subjects: SubjectSource, _ i: Int) throws -> NDArray {
        let signalsKey = cache == nil ? nil : try subjects.signalsKey(i)
        let reductionKey = signalsKey.flatMap { key in
            randomState.map { ContentHash.of(["subject reduction v1", key, "n_components=\(nComponents)", "seed=\($0)"]) }
        }
        if let cache = cache, let key = reductionKey, let hit = cache.load(Self.reductionStep, key: key) { return hit }
        let load = { () throws -> NDArray in
            let data = try subjects.signals(i)
            guard data.ndim == 2, data.rows >= 1, data.cols >= 1 else {
                throw LearnError("CanICA.fit: \(subjects.name(i)) gave signals of shape \(data.shape); expected [time × voxels]")
            }
            guard data.isAllFinite else { throw LearnError("CanICA.fit: \(subjects.name(i)) has NaN or infinite signals") }
            // nilearn's signals of integer images are float32; so are these (and so is their cache entry).
            return data.dtype == .float32 ? CanICA.roundedToFloat32(data) : data
        }
        let data: NDArray
        if let cache = cache, let key = signalsKey {
            data = try cache.cached(Self.signalsStep, key: key, load)
        } else {
            data = try load()
        }
        var out = try SubjectReduction.reduce(data, nComponents: nComponents, randomState: randomState, backend: backend)
        out.dtype = data.dtype
        if let cache = cache, let key = reductionKey { cache.store(Self.reductionStep, key: key, out) }
        return out
    }
}
