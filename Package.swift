// swift-tools-version:5.9
// Language mode 5: the interpreter shares a few global settings objects across threads
// deliberately (guarded by locks), which Swift 6's strict checking would reject wholesale.
import PackageDescription

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

        // Libraries, bottom-up (see ARCHITECTURE in README).
        .target(name: "NLSCompute", dependencies: ["CBLAS", "COpenCL"]),
        .target(name: "NLSImaging", dependencies: ["NLSCompute", "CNifti"]),
        .target(name: "NLSLearn", dependencies: ["NLSCompute"]),
        // The tree-walking interpreter's hot paths access frame slots and AST annotations
        // many times per statement; dynamic exclusivity checks cost ~20% of a scalar loop.
        // Slot indices come from the checker, so accesses never overlap.
        .target(name: "NLS", swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]),
        .target(name: "NLSBuiltins", dependencies: ["NLS", "NLSCompute", "NLSImaging", "NLSLearn"]),
        .target(name: "NLSRepl", dependencies: ["NLS", "NLSBuiltins", "CEditLine"]),
        .executableTarget(name: "nls", dependencies: [
            "NLS", "NLSBuiltins", "NLSRepl",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Fuzz targets (issue 15): a corpus replayer normally, a libFuzzer binary with
        // `-sanitize=fuzzer -DNLS_LIBFUZZER` (`make fuzz`).
        .executableTarget(name: "nls-fuzz", dependencies: ["NLS", "NLSBuiltins", "NLSCompute", "NLSImaging"],
                          path: "Sources/nls-fuzz"),

        .testTarget(name: "NLSTests", dependencies: ["NLS", "NLSBuiltins", "nls", "nls-fuzz"]),
        .testTarget(name: "NLSComputeTests", dependencies: ["NLSCompute"]),
        .testTarget(name: "NLSImagingTests", dependencies: ["NLSImaging"], resources: [.copy("Fixtures")]),
        .testTarget(name: "NLSLearnTests", dependencies: ["NLSLearn", "NLSImaging"], resources: [.copy("Fixtures")]),
    ]
)
