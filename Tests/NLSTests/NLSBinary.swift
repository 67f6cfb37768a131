import Foundation
import XCTest

/// Locates the built `nls` executable and runs it as a child process (golden script
/// tests and the REPL terminal test drive the real binary, not the library).
enum NLSBinary {
    /// The package root (Tests/NLSTests/NLSBinary.swift → ../..).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `nls` executable built next to the test bundle (NLS_BINARY overrides it).
    static func find() -> URL? {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["NLS_BINARY"], fm.isExecutableFile(atPath: env) {
            return URL(fileURLWithPath: env)
        }
        // Linux: the xctest executable lives in the products folder (Bundle.main is that folder).
        // macOS: the .xctest bundle sits in the products folder.
        var dirs = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        for b in Bundle.allBundles where b.bundlePath.hasSuffix(".xctest") {
            dirs.append(b.bundleURL.deletingLastPathComponent())
        }
        dirs.append(packageRoot.appendingPathComponent(".build/debug"))
        for d in dirs {
            let candidate = d.appendingPathComponent("nls")
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: candidate.path, isDirectory: &isDir), !isDir.boolValue,
               fm.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        return nil
    }

    struct Result {
        var stdout: String
        var stderr: String
        var status: Int32
        var timedOut: Bool
        /// Killed by a signal (a crash: SIGSEGV, SIGILL, SIGABRT…), not an exit.
        var signaled = false
    }

    /// Runs `nls` with `arguments` in `directory`, killing it after `timeout` seconds.
    static func run(_ binary: URL, _ arguments: [String], in directory: URL, stdin: String? = nil,
                    environment: [String: String] = [:], timeout: TimeInterval = 30) throws -> Result {
        let p = Process()
        p.executableURL = binary
        p.arguments = arguments
        p.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        // A deterministic environment: no settings leak in from the developer's shell.
        for k in ["NLS_DEVICE", "NLS_N_JOBS", "NLS_SEED", "NLS_VERBOSE", "NLS_PATH"] { env.removeValue(forKey: k) }
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = inp
        try p.run()
        // Boxes, not captured vars: each reader thread writes its own, and the group's
        // wait orders those writes before the reads below.
        final class DataBox: @unchecked Sendable { var data = Data() }
        let outBox = DataBox(), errBox = DataBox()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outBox.data = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errBox.data = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        if let s = stdin { inp.fileHandleForWriting.write(s.data(using: .utf8)!) }
        try? inp.fileHandleForWriting.close()
        var timedOut = false
        if group.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            p.terminate()
            kill(p.processIdentifier, SIGKILL)
            _ = group.wait(timeout: .now() + 5)
        }
        p.waitUntilExit()
        let outData = outBox.data, errData = errBox.data
        return Result(stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
                      status: p.terminationStatus, timedOut: timedOut, signaled: p.terminationReason == .uncaughtSignal)
    }
}
