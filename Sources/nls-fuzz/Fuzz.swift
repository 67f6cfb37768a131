import Foundation
import NLS
import NLSBuiltins
import NLSCompute
import NLSImaging

/// Fuzz targets of nls (issue 15): source text → lexer, parser and checker; CSV bytes →
/// the CSV reader; NIfTI bytes → the image reader. Every input must end in a value or a
/// thrown error — a crash, trap or hang is a bug.
///
/// Built normally, `nls-fuzz TARGET PATH…` replays files (or every file in folders)
/// through TARGET: the committed seed corpus runs this way in `swift test`. Built with
/// `-sanitize=fuzzer -DNLS_LIBFUZZER` (`make fuzz`), it is a libFuzzer binary and
/// NLS_FUZZ_TARGET chooses the target.
enum FuzzTarget: String, CaseIterable {
    case source, csv, nifti

    static let registry = Builtins.makeRegistry()
    static let scratch = NSTemporaryDirectory() + "nls-fuzz-\(getpid())"

    func run(_ data: Data) {
        switch self {
        case .source:
            // A fresh session (shared registry) per input: nothing carries over.
            let session = Session(registry: FuzzTarget.registry, output: .stdout)
            _ = try? session.parseAndCheck(SourceFile(name: "fuzz.nls", text: String(decoding: data, as: UTF8.self)))
        case .csv:
            _ = try? CSV.parse(String(decoding: data, as: UTF8.self), name: "fuzz.csv")
        case .nifti:
            // The reader works on files; gzip-compressed bytes get the .nii.gz name.
            let gz = data.count >= 2 && data[data.startIndex] == 0x1f && data[data.startIndex + 1] == 0x8b
            let path = FuzzTarget.scratch + (gz ? ".nii.gz" : ".nii")
            guard FileManager.default.createFile(atPath: path, contents: data) else { return }
            defer { unlink(path) }
            _ = try? NiftiReader.load(path)
        }
    }
}

#if NLS_LIBFUZZER
private let target: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["NLS_FUZZ_TARGET"] ?? "source"
    guard let t = FuzzTarget(rawValue: name) else {
        fputs("NLS_FUZZ_TARGET must be one of \(FuzzTarget.allCases.map(\.rawValue)), not \(name)\n", stderr)
        exit(64)
    }
    return t
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    target.run(data.map { Data(bytes: $0, count: size) } ?? Data())
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

/// SwiftPM links executables with `main` renamed to `<module>_main` (so tests can link
/// them); libFuzzer's own `main` is then unused, and this one starts its driver.
@_cdecl("nls_fuzz_main")
public func nlsFuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var c = argc
    var v = argv
    return LLVMFuzzerRunDriver(&c, &v) { data, size in fuzzTestOneInput(data, size) }
}
#else
@main
struct FuzzReplay {
    static func main() {
        let args = Array(CommandLine.arguments.dropFirst())
        guard let first = args.first, let target = FuzzTarget(rawValue: first), args.count >= 2 else {
            fputs("usage: nls-fuzz source|csv|nifti FILE_OR_DIR…  (replays inputs through a fuzz target)\n", stderr)
            exit(64)
        }
        var files: [String] = []
        for p in args.dropFirst() {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: p, isDirectory: &isDir) else { fputs("nls-fuzz: no such file: \(p)\n", stderr); exit(64) }
            if isDir.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: p)) ?? []
                files += names.sorted().filter { !$0.hasPrefix(".") }.map { p + "/" + $0 }
            } else {
                files.append(p)
            }
        }
        for f in files {
            guard let d = FileManager.default.contents(atPath: f) else { continue }
            target.run(d)
        }
        print("nls-fuzz: \(files.count) \(target.rawValue) inputs replayed")
    }
}
#endif
