// swift-tools-version: 6.1
// Vigil: a rules-based moderation and risk engine. See README.md and docs/.
import PackageDescription

let package = Package(
    name: "vigil",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "vigil", targets: ["vigil"]),
        .library(name: "VigilEngine", targets: ["VigilEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]
        ),
        .target(
            name: "VigilEngine",
            dependencies: ["CPCRE2", .product(name: "Yams", package: "Yams")],
            // The engine's per-thread scratch is only ever touched by its own thread;
            // dynamic exclusivity checks on it cost ~10% of screening time (perf).
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        .executableTarget(name: "embed-rules"),
        .plugin(name: "EmbedRules", capability: .buildTool(), dependencies: ["embed-rules"]),
        .target(name: "VigilBuiltinRules", plugins: ["EmbedRules"]),
        .executableTarget(
            name: "vigil",
            dependencies: [
                "VigilEngine", "VigilBuiltinRules",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        .testTarget(name: "VigilEngineTests", dependencies: ["VigilEngine"]),
        .testTarget(name: "VigilCLITests", dependencies: ["VigilEngine"]),
    ]
)
