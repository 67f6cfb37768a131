import Foundation

/// Finds the file behind `import "name"`: a path relative to the importing script,
/// then each directory of `NLS_PATH`, then the `stdlib/` shipped with the binary.
public final class ModuleLoader {
    public var searchPaths: [String]

    public init(searchPaths: [String]? = nil) {
        self.searchPaths = searchPaths ?? ModuleLoader.defaultSearchPaths()
    }

    public static func defaultSearchPaths() -> [String] {
        var paths: [String] = []
        if let env = ProcessInfo.processInfo.environment["NLS_PATH"] {
            paths += env.split(separator: ":").map(String.init).filter { !$0.isEmpty }
        }
        if let stdlib = shippedStdlib() { paths.append(stdlib) }
        return paths
    }

    /// The stdlib folder next to the executable (installed: ../share/nls/stdlib; in a
    /// build tree: the package root's stdlib/, found by walking up).
    public static func shippedStdlib() -> String? {
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        let fm = FileManager.default
        for _ in 0..<6 {
            for candidate in ["stdlib", "share/nls/stdlib", "../share/nls/stdlib"] {
                let p = dir.appendingPathComponent(candidate).appendingPathComponent("prelude.nls").path
                if fm.fileExists(atPath: p) { return dir.appendingPathComponent(candidate).standardizedFileURL.path }
            }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    public func resolve(_ name: String, from file: SourceFile?) throws -> String {
        let fm = FileManager.default
        let withExt = name.hasSuffix(".nls") ? name : name + ".nls"
        var tried: [String] = []
        let baseDir: String = {
            if let f = file, f.name.contains("/") || f.name.hasSuffix(".nls") {
                return URL(fileURLWithPath: f.name).deletingLastPathComponent().path
            }
            return fm.currentDirectoryPath
        }()
        let candidates = (name.hasPrefix("/") ? [withExt] : [baseDir + "/" + withExt]) + searchPaths.map { $0 + "/" + withExt }
        for c in candidates {
            let p = URL(fileURLWithPath: c).standardizedFileURL.path
            tried.append(p)
            if fm.fileExists(atPath: p) { return p }
        }
        throw RuntimeError("module \"\(name)\" not found (looked in: \(tried.joined(separator: ", "))); set NLS_PATH to add folders")
    }
}
