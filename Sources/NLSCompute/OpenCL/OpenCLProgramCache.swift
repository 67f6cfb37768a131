import COpenCL
import Foundation

/// Compiled OpenCL programs kept on disk, so that a kernel's compilation is paid once per
/// machine rather than once per process. An entry is keyed by everything that makes a
/// binary valid — platform, device, driver and device versions, build options and the
/// source — and holds that whole key, so a hash collision or a driver update can never
/// load a wrong binary. A missing, truncated, corrupt or rejected entry is rebuilt from
/// source and rewritten (atomically).
///
/// Where: `NLS_OPENCL_CACHE_DIR`, else `$XDG_CACHE_HOME/nls/opencl`, else
/// `~/.cache/nls/opencl`. `NLS_OPENCL_CACHE=0` turns it off, `=1` on everywhere. By default
/// it is off on PoCL, which caches its compiled kernels itself (asking PoCL for binaries
/// made a first run 1.1 s slower and saved 0.06 s later), and on for every other platform.
struct OpenCLProgramCache {
    let directory: String
    let key: String

    static let magic = Array("NLSCLBIN1\n".utf8)

    /// The cache for one program on one device, or nil when caching is off here.
    static func forProgram(device: OpenCLDevice, deviceID: cl_device_id, options: String, source: String,
                           environment: [String: String] = ProcessInfo.processInfo.environment) -> OpenCLProgramCache? {
        switch environment["NLS_OPENCL_CACHE"] {
        case "0": return nil
        case "1": break
        default: if device.platform.contains("Portable Computing Language") { return nil }
        }
        guard let dir = directory(environment) else { return nil }
        let driver = OpenCLRuntime.deviceString(deviceID, cl_device_info(CL_DRIVER_VERSION))
        let key = [device.platform, device.name, device.version, driver, options, source].joined(separator: "\u{0}")
        return OpenCLProgramCache(directory: dir, key: key)
    }

    static func directory(_ env: [String: String]) -> String? {
        if let d = env["NLS_OPENCL_CACHE_DIR"], !d.isEmpty { return d }
        if let x = env["XDG_CACHE_HOME"], !x.isEmpty { return x + "/nls/opencl" }
        if let h = env["HOME"], !h.isEmpty { return h + "/.cache/nls/opencl" }
        return nil
    }

    var path: String { directory + "/" + String(Self.fnv1a(Array(key.utf8)), radix: 16) + ".clbin" }

    /// The cached binary, or nil (an unreadable or damaged entry is removed).
    func load() -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        guard let binary = Self.decode([UInt8](data), key: key) else {
            unlink(path)
            return nil
        }
        return binary
    }

    /// Stores `binary`; failures (read-only home, full disk) only cost the next process a
    /// compilation.
    func store(_ binary: [UInt8]) {
        guard !binary.isEmpty else { return }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try AtomicFile.write(path, data: Data(Self.encode(binary, key: key)), kind: .cacheEntry)
        } catch {}
    }

    func remove() { unlink(path) }

    // MARK: file format: magic, key, binary, FNV-1a of the binary (ByteWriter fields)

    static func encode(_ binary: [UInt8], key: String) -> [UInt8] {
        var w = ByteWriter()
        w.put(Array(key.utf8))
        w.put(binary)
        w.put(fnv1a(binary))
        return magic + w.bytes
    }

    static func decode(_ bytes: [UInt8], key: String) -> [UInt8]? {
        guard bytes.count > magic.count, Array(bytes[0..<magic.count]) == magic else { return nil }
        var r = ByteReader(Array(bytes[magic.count...]))
        guard let k = try? r.byteArray(), k == Array(key.utf8),
              let b = try? r.byteArray(), !b.isEmpty,
              let sum = try? r.uint64(), sum == fnv1a(b), r.atEnd else { return nil }
        return b
    }

    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }
}
