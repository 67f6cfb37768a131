import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one writer of result files (images and tables). A save onto a regular file, or
/// onto a name that does not exist yet, is atomic: the content goes to a temporary file
/// beside the destination (`.NAME.nls-tmp-PID-RANDOM`), which is renamed over it once
/// complete, so a crash never leaves a partial file. A save through a symbolic link
/// replaces the link's target and keeps the link. A save onto a FIFO or a device
/// (`/dev/stdout`, `/dev/null`) writes to it directly: such files are never replaced by
/// a regular one. Stale temporaries of dead processes are removed by the next save to
/// the same path.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Where the bytes for `path` must go.
    public enum Destination: Equatable {
        /// A regular file (or a new one) at this resolved path: write a temporary, rename.
        case replace(String)
        /// An existing non-regular file (FIFO, character or block device): write directly.
        case direct(String)
    }

    /// False on the processes of a parallel job that are not its writer (MPI ranks other
    /// than 0): they run the same script, so their result files would be the same bytes
    /// written N times, racing. Set once at start-up, before any script runs.
    public nonisolated(unsafe) static var writesResults = true

    /// What a write is: a user's result file (only the writer process writes it) or a
    /// disk-cache entry (any process that computed it; entries are content-keyed and
    /// replaced atomically, so a duplicate write is the same bytes).
    public enum Kind { case result, cacheEntry }

    private static func errno_() -> String { String(cString: strerror(errno)).lowercased() }

    /// Follows symbolic links (relative targets resolve against the link's folder; a
    /// dangling link names the file to create) and classifies what is found.
    public static func destination(_ path: String) throws -> Destination {
        var p = path
        for _ in 0..<40 {
            // Device and process files (`/dev/stdout` → `/proc/self/fd/1` → wherever
            // standard output goes) are written where they point, never replaced.
            if p.hasPrefix("/dev/") || p.hasPrefix("/proc/") {
                return .direct(p)
            }
            var st = stat()
            if lstat(p, &st) != 0 {
                if errno == ENOENT { return .replace(p) }
                throw WriteError(description: "cannot write \(path): \(errno_())")
            }
            switch st.st_mode & S_IFMT {
            case S_IFLNK:
                guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: p) else {
                    throw WriteError(description: "cannot write \(path): cannot read the symbolic link \(p)")
                }
                p = target.hasPrefix("/") ? target : (URL(fileURLWithPath: p).deletingLastPathComponent().path + "/" + target)
            case S_IFREG:
                return .replace(p)
            case S_IFDIR:
                throw WriteError(description: "cannot write \(path): it is a directory; give a file name")
            case S_IFIFO, S_IFCHR, S_IFBLK:
                return .direct(p)
            default:
                throw WriteError(description: "cannot write \(path): not a regular file (a socket or other special file)")
            }
        }
        throw WriteError(description: "cannot write \(path): too many levels of symbolic links")
    }

    /// Prefix of the temporaries that belong to `path`.
    static func tempPrefix(_ file: String) -> String { ".\(file).nls-tmp-" }

    /// Writes `path` through `produce`, which gets the file name to create or open and the
    /// `fopen` mode to open it with, and writes the whole content there (throwing on
    /// failure). Direct targets are opened for appending: `/dev/stdout` redirected to a
    /// file must not truncate what was printed before. `suffix` ends the temporary's name
    /// (e.g. ".nii.gz") for writers that look at it.
    public static func write(_ path: String, suffix: String = "", kind: Kind = .result,
                             _ produce: (_ file: String, _ mode: String) throws -> Void) throws {
        if kind == .result && !writesResults { return }
        switch try destination(path) {
        case .direct(let p):
            try produce(p, "ab")
        case .replace(let p):
            let url = URL(fileURLWithPath: p)
            let dir = url.deletingLastPathComponent().path
            let name = url.lastPathComponent
            var st = stat()
            guard stat(dir, &st) == 0 else {
                throw WriteError(description: "cannot write \(path): directory \(dir) does not exist")
            }
            guard st.st_mode & S_IFMT == S_IFDIR else {
                throw WriteError(description: "cannot write \(path): \(dir) is not a directory")
            }
            guard access(dir, W_OK) == 0 else {
                throw WriteError(description: "cannot write \(path): permission denied in directory \(dir)")
            }
            removeStaleTemporaries(dir: dir, file: name)
            let tmp = dir + "/" + tempPrefix(name) + "\(getpid())-\(UInt32.random(in: 0 ... .max))" + suffix
            var done = false
            let slot = TemporaryRegistry.add(tmp)
            defer { if !done { unlink(tmp) }; TemporaryRegistry.remove(slot) }
            try produce(tmp, "wb")
            // Keep the permissions of the file being replaced.
            var old = stat()
            if stat(p, &old) == 0 { _ = chmod(tmp, old.st_mode & 0o7777) }
            guard rename(tmp, p) == 0 else {
                throw WriteError(description: "cannot write \(path): cannot move the temporary file into place (\(errno_()))")
            }
            done = true
        }
    }

    /// Writes `data` to `path` (see `write(_:suffix:_:)`).
    public static func write(_ path: String, data: Data, kind: Kind = .result) throws {
        if kind == .result && !writesResults { return }
        // The process's own standard streams: write through the open descriptor, so the
        // bytes land where the stream is (not at the start of a redirected file).
        if path == "/dev/stdout" || path == "/dev/stderr" {
            fflush(nil)
            let fd: Int32 = path == "/dev/stdout" ? 1 : 2
            var off = 0
            while off < data.count {
                let n = data.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + off, data.count - off) }
                if n < 0 { if errno == EINTR { continue }; throw WriteError(description: "cannot write \(path): \(errno_())") }
                off += n
            }
            return
        }
        try write(path, kind: kind) { target, mode in
            guard let f = fopen(target, mode) else {
                throw WriteError(description: "cannot write \(path): \(errno_())")
            }
            let n = data.withUnsafeBytes { fwrite($0.baseAddress, 1, data.count, f) }
            let writeErr = n != data.count ? errno_() : nil
            let closed = fclose(f)
            if let e = writeErr ?? (closed != 0 ? errno_() : nil) {
                throw WriteError(description: "cannot write \(path): \(e)")
            }
        }
    }

    /// Removes `.NAME.nls-tmp-PID-…` files in `dir` whose process no longer exists.
    static func removeStaleTemporaries(dir: String, file: String) {
        let prefix = tempPrefix(file)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
        for n in names where n.hasPrefix(prefix) {
            let rest = n.dropFirst(prefix.count)
            guard let pidText = rest.split(separator: "-").first, let pid = Int32(pidText) else { continue }
            if pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH {
                unlink(dir + "/" + n)
            }
        }
    }
}
