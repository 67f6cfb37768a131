import Foundation
import NLS
import NLSCompute

/// `tune_device(...)`: CLBlast's tuner for an OpenCL device, its winners kept on disk and
/// applied by every later process (see `CLBlastTuning`).
enum TuneBuiltin {
    static func register(_ r: BuiltinRegistry) {
        r.function("tune_device", [ParamSpec("device", .str, default: .str("opencl")),
                                   ParamSpec("dtype", .str, default: .str("float32")),
                                   ParamSpec("size", .int, default: .int(1024)),
                                   ParamSpec("fraction", .float, default: .float(1.0 / 16))],
                   returns: DataTypes.table,
                   doc: "Tunes CLBlast's GEMM kernels (Xgemm, XgemmDirect) for an OpenCL device and precision on size³ products, trying `fraction` of the search space; the parameters are stored per device and driver and used by every later run. Returns kernel, dtype, parameters and the file.") { a in
            let device = try a["device"].asString(), size = try a["size"].asInt(), fraction = try a["fraction"].asDouble()
            let backend = try estimatorBackend(device: a["device"], dtype: a["dtype"], context: a.context)
            guard let cl = backend as? OpenCLBackend else {
                throw RuntimeError("tune_device: \"\(device)\" is the cpu; tuning is for OpenCL devices (CLBlast), e.g. tune_device(\"opencl:0\")")
            }
            let verbose = a.context.verbose
            let (results, file) = try CLBlastTuning.tune(cl, size: size, fraction: fraction) { message in
                if verbose >= 1 { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            }
            if file == nil, verbose >= 1 {
                FileHandle.standardError.write(Data("tune_device: the tuning could not be stored (cache folder not writable, or NLS_OPENCL_CACHE=0); it applies to this run only\n".utf8))
            }
            let params = results.map { r in r.parameters.keys.sorted().map { "\($0)=\(r.parameters[$0]!)" }.joined(separator: " ") }
            let t = try Table(names: ["kernel", "dtype", "parameters", "file"],
                              columns: [.text(results.map(\.kernel)), .text(results.map { $0.precision.rawValue }),
                                        .text(params), .text(results.map { _ in file ?? "" })])
            return .object(NativeObject(type: DataTypes.table, payload: t))
        }
    }
}
