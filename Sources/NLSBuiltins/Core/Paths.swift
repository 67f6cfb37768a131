import Foundation
import NLS

/// File paths given to builtins: `~` expands to the home folder, and `script_dir()` names
/// the folder of the running script, so a script can find its data from any working
/// directory (`read_csv(script_dir() + "/data/x.csv")`, like Python's
/// `Path(__file__).parent`). Relative paths stay relative to the working directory, as
/// in Python and nilearn, so paths typed on the command line mean what the shell meant.
enum Paths {
    static func register(_ r: BuiltinRegistry) {
        r.function("script_dir", [], returns: .str,
                   doc: "Folder of the script (or module) this call is written in, as an absolute path; the working directory in the REPL and for -c.") { a in
            .str(scriptDir(of: a.location))
        }
    }

    static func scriptDir(of location: SourceLocation?) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        guard let name = location?.file.name, !name.hasPrefix("<") else { return cwd }
        let url = name.hasPrefix("/") ? URL(fileURLWithPath: name) : URL(fileURLWithPath: cwd).appendingPathComponent(name)
        return url.deletingLastPathComponent().standardized.path
    }
}

/// `~` and `~/…` become the home folder, as a shell would expand them.
func expandingTilde(_ path: String) -> String {
    guard path == "~" || path.hasPrefix("~/") else { return path }
    let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
    return home + path.dropFirst()
}
