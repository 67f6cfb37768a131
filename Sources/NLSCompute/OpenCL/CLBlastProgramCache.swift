import CCLBlastExtras
import COpenCL
import Foundation

/// CLBlast's compiled programs kept on disk. CLBlast compiles a routine's kernels on its
/// first call in every process (seconds on a GPU driver: most of the 4.3 s first fit measured
/// on an H200) and keeps the result only in memory. nls takes the program CLBlast compiled
/// after a routine's first call and stores it beside its own (`OpenCLProgramCache`: same
/// folder, same on/off rules, same entry format with the whole key and a checksum); a later
/// process hands it back to CLBlast before its first call. The key holds CLBlast's version,
/// the routine with the tuned parameters of each of its kernels (a new tuning makes a new
/// entry), the device, driver and `CLBLAST_BUILD_OPTIONS`. A damaged entry is removed; a
/// program CLBlast rejects is dropped and the call repeated from source.
enum CLBlastProgramCache {
    /// The CLBlast routines nls calls.
    enum Routine: String, Sendable {
        case gemm = "GEMM", syrk = "SYRK"
    }

    /// Where a routine's program stands in this process.
    enum State: Sendable {
        /// Handed to CLBlast from disk; not yet used.
        case restored
        /// Compiled by CLBlast from source on the coming call; to be stored after it.
        case compiling
        /// Used successfully; nothing more to do.
        case settled
    }

    static var supported: Bool { nls_clblast_programs_supported() != 0 }

    /// CLBlast's name for the routine's program on the device, tuned as it is now.
    static func identity(_ deviceID: cl_device_id, _ routine: Routine, _ precision: DevicePrecision) -> String? {
        guard supported else { return nil }
        var buf = [CChar](repeating: 0, count: 4096)
        guard nls_clblast_program_key(deviceID, routine.rawValue, precision == .float64 ? 1 : 0, &buf, buf.count) == 0 else { return nil }
        return String(cString: buf)
    }

    /// The disk entry of the routine's program, or nil when caching is off here.
    static func entry(_ ctx: OpenCLContext, _ routine: Routine, _ precision: DevicePrecision,
                      environment: [String: String] = ProcessInfo.processInfo.environment) -> OpenCLProgramCache? {
        guard let id = identity(ctx.deviceID, routine, precision) else { return nil }
        return OpenCLProgramCache.forProgram(device: ctx.device, deviceID: ctx.deviceID,
                                             options: environment["CLBLAST_BUILD_OPTIONS"] ?? "", source: id,
                                             environment: environment)
    }

    /// The program CLBlast holds in this process for the routine, or nil.
    static func held(_ deviceID: cl_device_id, _ routine: Routine, _ precision: DevicePrecision) -> [UInt8]? {
        let dp: Int32 = precision == .float64 ? 1 : 0
        var size = 0
        guard nls_clblast_program_binary(deviceID, routine.rawValue, dp, nil, 0, &size) == 0, size > 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: size)
        var got = 0
        guard nls_clblast_program_binary(deviceID, routine.rawValue, dp, &bytes, bytes.count, &got) == 0, got == size else { return nil }
        return bytes
    }

    /// Hands CLBlast the stored program of the routine; whether there was one.
    static func restore(_ ctx: OpenCLContext, _ routine: Routine, _ precision: DevicePrecision) -> Bool {
        guard let entry = entry(ctx, routine, precision), let bytes = entry.load() else { return false }
        return nls_clblast_program_restore(ctx.deviceID, routine.rawValue, precision == .float64 ? 1 : 0, bytes, bytes.count) == 0
    }

    /// Stores the program CLBlast compiled for the routine.
    static func store(_ ctx: OpenCLContext, _ routine: Routine, _ precision: DevicePrecision) {
        guard let entry = entry(ctx, routine, precision), let bytes = held(ctx.deviceID, routine, precision) else { return }
        entry.store(bytes)
    }

    /// Forgets a program CLBlast would not take: its disk entry, and every program CLBlast
    /// holds in memory (its C API clears them all at once; the others compile again).
    static func reject(_ ctx: OpenCLContext, _ routine: Routine, _ precision: DevicePrecision) {
        entry(ctx, routine, precision)?.remove()
        _ = CLBlastClearCache()
    }
}

extension OpenCLContext {
    /// Makes one CLBlast call of `routine`. Before the first call of a precision it applies
    /// the stored tuning; before a routine's first call it restores its compiled program
    /// from disk, and after the first success it stores the program CLBlast compiled. When
    /// a call on a restored program fails, the program is forgotten and the call made once
    /// more from source. Call with `lock` held.
    func callCLBlast(_ routine: CLBlastProgramCache.Routine, _ precision: DevicePrecision, _ call: () throws -> Void) throws {
        applyTuningOnce(precision)
        let key = "\(routine.rawValue) \(precision.rawValue)"
        if clblastPrograms[key] == nil {
            clblastPrograms[key] = CLBlastProgramCache.restore(self, routine, precision) ? .restored : .compiling
            if clblastPrograms[key] == .restored { clblastProgramRestores += 1 }
        }
        do {
            try call()
        } catch where clblastPrograms[key] == .restored {
            CLBlastProgramCache.reject(self, routine, precision)
            clblastPrograms = clblastPrograms.mapValues { $0 == .restored ? .compiling : $0 }
            try call()
        }
        if clblastPrograms[key] == .compiling { CLBlastProgramCache.store(self, routine, precision) }
        clblastPrograms[key] = .settled
    }
}
