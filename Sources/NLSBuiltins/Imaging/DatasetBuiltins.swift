import Foundation
import NLS
import NLSCompute
import NLSImaging

/// Dataset generators (`make_encoding_data`, `make_decoding_data`, `make_rest_data`):
/// seeded synthetic data in the spirit of scikit-learn's `make_regression`.
enum DatasetBuiltins {
    static func register(_ r: BuiltinRegistry) {
        let I = DataTypes.image, A = DataTypes.array
        let shape = ParamSpec("shape", .list(.int), default: .list([.int(20), .int(24), .int(16)]))
        let seed = ParamSpec("seed", .optional(.int), default: .none)
        func seedValue(_ a: Args, _ v: Value) throws -> Int { v.isNone ? a.context.seed : try v.asInt() }
        func ints(_ v: Value) throws -> [Int] { try v.asList().map { try $0.asInt() } }

        r.function("make_encoding_data", [ParamSpec("n_samples", .int, default: .int(200)), ParamSpec("n_pixels", .int, default: .int(100)),
                                          shape, ParamSpec("noise", .float, default: .float(1.0)), seed],
                   returns: .record([RecordField(name: "X", type: A), RecordField(name: "fmri", type: I), RecordField(name: "mask", type: I),
                                     RecordField(name: "visual", type: I), RecordField(name: "weights", type: A)]),
                   doc: """
                   Miyawaki-style encoding data: X [n_samples × n_pixels] random binary stimuli (pixels on a square grid), \
                   fmri (shape + [n_samples]) where the posterior third of an ellipsoid brain mask (`visual`) has retinotopic \
                   Gaussian receptive fields (`weights` [n_pixels × visual voxels], unit signal std), AR(1) noise of std `noise` \
                   in the mask. 3 mm voxels, TR 2 s; seed: none uses the `seed` setting.
                   """) { a in
            let d = try DatasetGenerators.encoding(nSamples: a["n_samples"].asInt(), nPixels: a["n_pixels"].asInt(), shape: ints(a["shape"]),
                                                   noise: a["noise"].asDouble(), seed: seedValue(a, a["seed"]))
            return .record(RecordValue(names: ["X", "fmri", "mask", "visual", "weights"],
                                       values: [.array(d.stimuli), .image(d.fmri), .image(d.mask), .image(d.visual), .array(d.weights)]))
        }
        r.function("make_decoding_data", [shape, ParamSpec("n_volumes", .int, default: .int(120)), ParamSpec("n_runs", .int, default: .int(6)),
                                          seed, ParamSpec("n_blobs", .int, default: .int(3)), ParamSpec("effect", .float, default: .float(1.0)),
                                          ParamSpec("noise", .float, default: .float(1.0))],
                   returns: .record([RecordField(name: "bold", type: I), RecordField(name: "mask", type: I), RecordField(name: "labels", type: .list(.str)),
                                     RecordField(name: "y", type: A), RecordField(name: "runs", type: A), RecordField(name: "informative", type: I)]),
                   doc: """
                   Haxby-style decoding data: bold (shape + [n_volumes]) with "face"/"house" blocks in each of n_runs runs \
                   (labels, runs 0…n_runs-1 for LeaveOneGroupOut), a ±effect/2 pattern in n_blobs spheres of radius 2 voxels \
                   (`informative`), Gaussian noise of std `noise`; y: the labels as class codes (face 0, house 1). seed: none uses the `seed` setting.
                   """) { a in
            let d = try DatasetGenerators.decoding(shape: ints(a["shape"]), nVolumes: a["n_volumes"].asInt(), nRuns: a["n_runs"].asInt(),
                                                   nBlobs: a["n_blobs"].asInt(), effect: a["effect"].asDouble(), noise: a["noise"].asDouble(),
                                                   seed: seedValue(a, a["seed"]))
            return .record(RecordValue(names: ["bold", "mask", "labels", "y", "runs", "informative"],
                                       values: [.image(d.bold), .image(d.mask), .list(d.labels.map { .str($0) }),
                                                .array(NDArray(shape: [d.labels.count], d.labels.map { $0 == "face" ? 0.0 : 1.0 })),
                                                .array(d.runs), .image(d.informative)]))
        }
        r.function("make_rest_data", [ParamSpec("n_subjects", .int, default: .int(3)), shape, ParamSpec("n_volumes", .int, default: .int(100)),
                                      ParamSpec("n_components", .int, default: .int(5)), seed, ParamSpec("noise", .float, default: .float(1.0))],
                   returns: .record([RecordField(name: "imgs", type: .list(I)), RecordField(name: "mask", type: I), RecordField(name: "sources", type: I)]),
                   doc: """
                   Resting-state data: imgs (one 4-D image per subject) mixing n_components bilateral Gaussian sources \
                   (`sources`, one volume each) with each subject's own AR(1) time courses, plus noise of std `noise`. \
                   seed: none uses the `seed` setting.
                   """) { a in
            let d = try DatasetGenerators.rest(nSubjects: a["n_subjects"].asInt(), shape: ints(a["shape"]), nVolumes: a["n_volumes"].asInt(),
                                               nComponents: a["n_components"].asInt(), noise: a["noise"].asDouble(), seed: seedValue(a, a["seed"]))
            return .record(RecordValue(names: ["imgs", "mask", "sources"],
                                       values: [.list(d.imgs.map { .image($0) }), .image(d.mask), .image(d.sources)]))
        }
    }
}

