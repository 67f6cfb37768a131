// swift-tools-version:5.9
// Language mode 5: the interpreter shares a few global settings objects across threads
// deliberately (guarded by locks), which Swift 6's strict checking would reject wholesale.
import PackageDescription

// The project's own code builds without warnings: `make test` fails on the first one.
let strict: [SwiftSetting] = [.unsafeFlags(["-warnings-as-errors"])]

let package = Package(
    name: "nls",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "nls", targets: ["nls"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // C system libraries (module maps / shims only).
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas"),
        .target(name: "CNifti", path: "Sources/CNifti",
                linkerSettings: [.linkedLibrary("nifti2"), .linkedLibrary("znz"), .linkedLibrary("z")]),
        .systemLibrary(name: "CEditLine", path: "Sources/CEditLine"),
        .systemLibrary(name: "COpenCL", path: "Sources/COpenCL"),
        .systemLibrary(name: "CXXHash", path: "Sources/CXXHash"),
        .systemLibrary(name: "CCairo", path: "Sources/CCairo", pkgConfig: "cairo-ft"),
        // Open MPI, loaded at run time (dlopen) only under mpirun: nothing links libmpi.
        .target(name: "CMPI", path: "Sources/CMPI"),
        // CLBlast's C++ tuning API behind two C functions (its C header has no tuners).
        .target(name: "CCLBlastExtras", path: "Sources/CCLBlastExtras", linkerSettings: [.linkedLibrary("clblast"), .linkedLibrary("OpenCL")]),

        // Libraries, bottom-up (see ARCHITECTURE in README).
        .target(name: "NLSCompute", dependencies: ["CBLAS", "COpenCL", "CCLBlastExtras"], swiftSettings: strict),
        // NLSImaging and NLSLearn are optimised in debug builds too: the test suite decodes NIfTI
        // files and runs thousands of solver fits (SearchLight parity).
        .target(name: "NLSImaging", dependencies: ["NLSCompute", "CNifti"], swiftSettings: strict + [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        .target(name: "NLSLearn", dependencies: ["NLSCompute", "CXXHash"], swiftSettings: strict + [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        // Plots sample every panel pixel through the images' affines; optimised in debug too.
        .target(name: "NLSPlot", dependencies: ["NLSCompute", "NLSImaging", "CCairo"], swiftSettings: strict + [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        // The tree-walking interpreter's hot paths access frame slots and AST annotations
        // many times per statement; dynamic exclusivity checks cost ~20% of a scalar loop.
        // Slot indices come from the checker, so accesses never overlap.
        // MPI ranks: the MPI executor and this process's rank (issue 14).
        .target(name: "NLSCluster", dependencies: ["NLSCompute", "NLSLearn", "CMPI"], swiftSettings: strict),
        .target(name: "NLS", swiftSettings: strict + [.unsafeFlags(["-enforce-exclusivity=unchecked"])]),
        // Cells + output + figures -> one self-contained HTML file; knows nothing of the language.
        .target(name: "NLSReport", dependencies: ["NLSCompute"], swiftSettings: strict),
        .target(name: "NLSBuiltins", dependencies: ["NLS", "NLSCompute", "NLSImaging", "NLSLearn", "NLSReport", "NLSPlot", "NLSCluster"], swiftSettings: strict),
        .target(name: "NLSRepl", dependencies: ["NLS", "NLSBuiltins", "CEditLine"], swiftSettings: strict),
        .executableTarget(name: "nls", dependencies: [
            "NLS", "NLSBuiltins", "NLSRepl", "NLSReport", "NLSCluster",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: strict),

        // Fuzz targets (issue 15): a corpus replayer normally, a libFuzzer binary with
        // `-sanitize=fuzzer -DNLS_LIBFUZZER` (`make fuzz`).
        .executableTarget(name: "nls-fuzz", dependencies: ["NLS", "NLSBuiltins", "NLSCompute", "NLSImaging"],
                          path: "Sources/nls-fuzz", swiftSettings: strict),

        .testTarget(name: "NLSTests", dependencies: ["NLS", "NLSBuiltins", "NLSReport", "nls", "nls-fuzz"], swiftSettings: strict),
        .testTarget(name: "NLSReportTests", dependencies: ["NLSReport"], swiftSettings: strict),
        .testTarget(name: "NLSComputeTests", dependencies: ["NLSCompute"], swiftSettings: strict),
        .testTarget(name: "NLSImagingTests", dependencies: ["NLSImaging"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "NLSPlotTests", dependencies: ["NLSPlot", "NLSImaging"], swiftSettings: strict),
        .testTarget(name: "NLSLearnTests", dependencies: ["NLSLearn", "NLSImaging"], resources: [.copy("Fixtures")], swiftSettings: strict),
    ]
)
