// swift-tools-version:6.1
import PackageDescription

// The libraries are optimised in every configuration: the sampler's statistical tests (posteriordb,
// calibration) run millions of leapfrog steps, which unoptimised Swift makes many times slower.
let optimized: [SwiftSetting] = [.unsafeFlags(["-O"])]

// MARK: - Products

let package = Package(
    name: "Tessera",
    products: [
        .library(name: "Tessera", targets: ["Tessera"]),
        .library(name: "TesseraLogProb", targets: ["TesseraLogProb"]),
        .library(name: "TesseraPPL", targets: ["TesseraPPL"]),
        .library(name: "TesseraExamples", targets: ["TesseraExamples"]),
        .executable(name: "tessera", targets: ["tessera"]),
    ],
    // MARK: - Dependencies
    dependencies: [
        // Special functions (logGamma, erf) on Double.
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        // The `tessera` command line.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // `swift package generate-documentation` (the DocC catalogs in Sources/*/*.docc).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    // MARK: - Targets
    targets: [
        .target(
            name: "Tessera",
            dependencies: [.product(name: "Numerics", package: "swift-numerics")],
            swiftSettings: optimized
        ),
        .target(name: "TesseraLogProb", dependencies: ["Tessera"], swiftSettings: optimized),
        .target(name: "TesseraPPL", dependencies: ["Tessera", "TesseraLogProb"], swiftSettings: optimized),
        // Complete models: the anchor benchmark models, posteriordb cases, the example gallery.
        .target(name: "TesseraExamples", dependencies: ["TesseraPPL"], swiftSettings: optimized),
        .executableTarget(
            name: "tessera",
            dependencies: [
                "TesseraPPL",
                "TesseraExamples",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // MARK: - Tests
        // Reusable checkers (fixtures, gradients, backends, statistics) shared by the test targets.
        .target(name: "TesseraTestSupport", dependencies: ["Tessera"], path: "Tests/TesseraTestSupport"),
        // Counts a thread's heap allocations in the test executable (allocation-free hot paths).
        .target(name: "AllocationCounter", path: "Tests/AllocationCounter"),
        .testTarget(
            name: "TesseraTests",
            dependencies: ["Tessera", "TesseraTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "TesseraLogProbTests",
            dependencies: ["TesseraLogProb", "TesseraTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "TesseraExamplesTests", dependencies: ["TesseraExamples", "TesseraTestSupport"]),
        .testTarget(
            name: "TesseraPPLTests",
            dependencies: ["TesseraPPL", "TesseraTestSupport", "AllocationCounter"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
