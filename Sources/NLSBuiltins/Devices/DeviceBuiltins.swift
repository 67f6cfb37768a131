import Foundation
import NLS
import NLSCluster
import NLSCompute

/// The `device` setting, `devices()` and the `%device` magic.
enum DeviceBuiltins {
    static func register(_ r: BuiltinRegistry) {
        r.refineSetting("device", validate: { v in
            let name = try v.asString()
            _ = try Devices.backend(for: name)   // unknown/unavailable: lists what exists and how to get OpenCL
            return .str(name.trimmingCharacters(in: .whitespaces).lowercased())
        })
        r.function("devices", [], returns: DataTypes.table,
                   doc: "Available compute devices: id (the `device` setting), platform, name, type, memory, compute units, fp64. Under MPI, every rank's, with its rank and host.") { _ in
            let rows = try DevicesPerRank.devices()
                ?? Devices.available().map { DevicesPerRank.Row(rank: 0, host: "", id: $0.id, platform: $0.platform, name: $0.name, type: $0.type,
                                                                globalMemory: $0.globalMemory, maxAllocation: $0.maxAllocation,
                                                                computeUnits: $0.computeUnits, fp64: $0.fp64) }
            var names = ["id", "platform", "name", "type", "global_memory_mb", "max_allocation_mb", "compute_units", "fp64"]
            var columns: [TableColumn] = [
                .text(rows.map(\.id)), .text(rows.map(\.platform)), .text(rows.map(\.name)), .text(rows.map(\.type)),
                .numeric(rows.map { Double($0.globalMemory) / 1_048_576 }), .numeric(rows.map { Double($0.maxAllocation) / 1_048_576 }),
                .integer(rows.map(\.computeUnits)), .text(rows.map { $0.fp64 ? "true" : "false" })]
            if Cluster.size > 1 {
                names = ["rank", "host"] + names
                columns = [.integer(rows.map(\.rank)), .text(rows.map(\.host))] + columns
            }
            return .object(NativeObject(type: DataTypes.table, payload: try Table(names: names, columns: columns)))
        }
        ProfileMagic.register(r)
        TuneBuiltin.register(r)
        r.magic("device", doc: "%device [NAME]: show or set the compute device (cpu, opencl, opencl:N, auto).") { m in
            // Set through the interpreter's setting path, so it validates like `set device = …`.
            if !m.argument.isEmpty { try m.session.interpreter.applySetting("device", .str(m.argument), offset: 0) }
            let setting = m.session.setting("device").display
            // Under MPI: one line per rank (ranks may differ, e.g. NLS_DEVICE set per host).
            for line in try DevicesPerRank.settingLines(setting) ?? [setting] { m.output.line(line) }
        }
    }
}

/// Backend for an estimator: its `device:` override or the `device` setting, in the
/// precision asked with `dtype:` ("float32" default on OpenCL, "float64" where supported).
func estimatorBackend(device: Value, dtype: Value, context: CallContext) throws -> ComputeBackend {
    var name = context.device
    if case .str(let d) = device, !d.isEmpty { name = d }
    var precision = DevicePrecision.float32
    if case .str(let p) = dtype {
        guard let parsed = DevicePrecision(rawValue: p) else { throw RuntimeError("dtype must be \"float32\" or \"float64\", not \"\(p)\"") }
        precision = parsed
    }
    return try fromEnvironmentNoted(name) { try Devices.backend(for: name, precision: precision) }
}

/// Runs `body`; an error about a device nobody typed in the script (the NLS_DEVICE
/// environment variable set it) says so.
func fromEnvironmentNoted<T>(_ device: String, _ body: () throws -> T) throws -> T {
    do { return try body() } catch {
        if let env = ProcessInfo.processInfo.environment["NLS_DEVICE"], env == device {
            throw RuntimeError("\(error) (the device \"\(env)\" was set by the NLS_DEVICE environment variable)")
        }
        throw error
    }
}

