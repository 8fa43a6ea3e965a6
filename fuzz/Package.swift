// swift-tools-version: 6.1
// libFuzzer targets for Vigil's parsers and matching (fuzz/README.md, `make fuzz`). A
// package of its own, so that the main build never sees the fuzzing flags: it is built
// with `-sanitize=fuzzer,address -parse-as-library`, and each target's
// `LLVMFuzzerTestOneInput` is driven by libFuzzer's own main.
import Foundation
import PackageDescription

// The project is the folder above this one; SwiftPM names a path dependency after its folder.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let project = root.lastPathComponent.lowercased()

func fuzzTarget(_ name: String) -> Target {
    .executableTarget(name: name, dependencies: ["FuzzSupport", .product(name: "VigilEngine", package: project)])
}

let package = Package(
    name: "vigil-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [.product(name: "VigilEngine", package: project)]),
        fuzzTarget("FuzzJSONLine"),
        fuzzTarget("FuzzRules"),
        fuzzTarget("FuzzMatch"),
        fuzzTarget("FuzzEscalation"),
        fuzzTarget("FuzzServeRequest"),
    ]
)
