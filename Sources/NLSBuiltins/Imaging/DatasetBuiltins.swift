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

/// Dataset fetchers (`fetch_haxby`, `fetch_miyawaki2008`, `fetch_adhd`): downloads from the
/// datasets' canonical URLs into a data directory, resumable, verified, stoppable with Ctrl-C.
enum FetcherBuiltins {
    static func register(_ r: BuiltinRegistry) {
        let dataDir = ParamSpec("data_dir", .optional(.str), default: .none)
        let url = ParamSpec("url", .optional(.str), default: .none)
        let resume = ParamSpec("resume", .bool, default: .bool(true))
        let strs = NLSType.list(.str)
        func list(_ xs: [String]) -> Value { .list(xs.map { .str($0) }) }
        func fetcher(_ a: Args, _ name: String) -> DatasetFetcher {
            let verbose = a.verbose
            var reporter: ProgressReporter?
            var current = ""
            let downloader = Downloader(shouldStop: { Interrupt.requested }, progress: { received, total in
                guard verbose >= 1 else { return }
                let kb = Int(received / 1024), all = Int((total ?? received) / 1024)
                if reporter == nil { reporter = ProgressReporter(label: "\(name): \(current)", unit: "kB") }
                reporter?.update(kb, max(kb, all))
            })
            return DatasetFetcher(downloader: downloader, resume: (try? a["resume"].asBool()) ?? true, log: { message in
                guard verbose >= 1 else { return }
                if message.hasPrefix("downloading ") {
                    current = (message.split(separator: " ").dropFirst().first.map(String.init) ?? "")
                    reporter = nil
                }
                FileHandle.standardError.write(Data("[\(name)] \(message)\n".utf8))
            })
        }
        func path(_ v: Value) -> String? { v.isNone ? nil : (try? v.asString()).map(expandingTilde) }

        r.function("fetch_haxby", [dataDir, ParamSpec("subjects", .list(.int), default: .list([.int(2)])), url, resume],
                   returns: .record([RecordField(name: "func", type: strs), RecordField(name: "session_target", type: strs),
                                     RecordField(name: "mask_vt", type: strs), RecordField(name: "anat", type: strs), RecordField(name: "mask", type: .str)]),
                   doc: """
                   Haxby et al. (2001) from data.pymvpa.org (nilearn.datasets.fetch_haxby): subjects 1–6 (default [2]); \
                   archives checked against the server's MD5SUMS. data_dir: none means $NLS_DATA or ~/nls_data; url: a mirror. \
                   Progress on stderr at verbose ≥ 1; Ctrl-C stops and a later call resumes.
                   """) { a in
            let subjects = try a["subjects"].asList().map { try $0.asInt() }
            let d = try LibraryRuns.interruptible { try fetcher(a, "fetch_haxby").haxby(dataDir: path(a["data_dir"]), subjects: subjects, url: path(a["url"])) }
            return .record(RecordValue(names: ["func", "session_target", "mask_vt", "anat", "mask"],
                                       values: [list(d.func_), list(d.sessionTarget), list(d.maskVT), list(d.anat), .str(d.mask)]))
        }
        r.function("fetch_miyawaki2008", [dataDir, url, resume],
                   returns: .record([RecordField(name: "func", type: strs), RecordField(name: "label", type: strs), RecordField(name: "mask", type: .str),
                                     RecordField(name: "mask_roi", type: strs), RecordField(name: "background", type: .str)]),
                   doc: """
                   Miyawaki et al. (2008) from NITRC (nilearn.datasets.fetch_miyawaki2008, 153 MB): func and label hold 12 \
                   figure runs then 20 random runs. data_dir: none means $NLS_DATA or ~/nls_data; url: a mirror of the archive.
                   """) { a in
            let d = try LibraryRuns.interruptible { try fetcher(a, "fetch_miyawaki2008").miyawaki2008(dataDir: path(a["data_dir"]), url: path(a["url"])) }
            return .record(RecordValue(names: ["func", "label", "mask", "mask_roi", "background"],
                                       values: [list(d.func_), list(d.label), .str(d.mask), list(d.maskROI), .str(d.background)]))
        }
        r.function("fetch_adhd", [ParamSpec("n_subjects", .int, default: .int(30)), dataDir, url, resume],
                   returns: .record([RecordField(name: "func", type: strs), RecordField(name: "confounds", type: strs), RecordField(name: "phenotypic", type: .str)]),
                   doc: """
                   The 40-subject ADHD-200 resting-state subset from NITRC (nilearn.datasets.fetch_adhd, default 30 subjects). \
                   data_dir: none means $NLS_DATA or ~/nls_data; url: a mirror of https://www.nitrc.org/frs/download.php/.
                   """) { a in
            let n = try a["n_subjects"].asInt()
            let d = try LibraryRuns.interruptible { try fetcher(a, "fetch_adhd").adhd(dataDir: path(a["data_dir"]), nSubjects: n, url: path(a["url"])) }
            return .record(RecordValue(names: ["func", "confounds", "phenotypic"], values: [list(d.func_), list(d.confounds), .str(d.phenotypic)]))
        }
    }
}
