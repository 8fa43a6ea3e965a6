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
        // `vigil serve`. Its default traits (swift-configuration support, full Foundation)
        // are not used and only add build time.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0", traits: []),
        // Both come with Hummingbird; named here because `vigil serve` uses them directly
        // (the service group, SIGHUP, the bound channel's port).
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.0.0"),
        // The console's store (Sources/VigilStore): SQLite through GRDB, on the system's
        // libsqlite3 (docs/store.md says why this one).
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        // The operations console's HTML templates (`vigil serve`'s pages, `vigil report`).
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        // The PostgreSQL store (`--database postgresql://…`, Sources/VigilPostgres).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.20.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]
        ),
        // The store's review journal rows are LZ4-compressed (VigilStore/JournalCodec.swift).
        .systemLibrary(
            name: "CLZ4",
            pkgConfig: "liblz4",
            providers: [.apt(["liblz4-dev"])]
        ),
        .target(
            name: "VigilEngine",
            dependencies: ["CPCRE2", .product(name: "Yams", package: "Yams")],
            // The engine's per-thread scratch is only ever touched by its own thread;
            // dynamic exclusivity checks on it cost ~10% of screening time (perf).
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        // What the console shows, kept in a database: review queue, audit log, transitions,
        // bucket series, escalation state, webhook outbox. Apart from the engine so its hot
        // path never links SQLite.
        .target(
            name: "VigilStore",
            dependencies: ["VigilEngine", "CLZ4", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "GRDBSQLite", package: "GRDB.swift")]
        ),
        // The same store on PostgreSQL, shared by several `vigil serve` instances, and the
        // shared escalation (record log, partition leases, watermarks) built on it.
        .target(
            name: "VigilPostgres",
            dependencies: [
                "VigilStore", "VigilEngine", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        .executableTarget(name: "embed-rules"),
        .plugin(name: "EmbedRules", capability: .buildTool(), dependencies: ["embed-rules"]),
        .target(name: "VigilBuiltinRules", plugins: ["EmbedRules"]),
        // The operations console: page models, SVG charts and the templates of console/,
        // embedded at build time by the EmbedConsole plugin.
        .plugin(name: "EmbedConsole", capability: .buildTool(), dependencies: ["embed-rules"]),
        .target(
            name: "VigilConsole",
            dependencies: ["VigilEngine", .product(name: "Mustache", package: "swift-mustache")],
            plugins: ["EmbedConsole"]
        ),
        .executableTarget(
            name: "vigil",
            dependencies: [
                "VigilEngine", "VigilBuiltinRules", "VigilStore", "VigilConsole", "VigilPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "VigilEngineTests", dependencies: ["VigilEngine"]),
        // Runs the `vigil` binary built with it (CLITestSupport.swift), never a stale one.
        .testTarget(name: "VigilCLITests", dependencies: ["vigil", "VigilEngine", "VigilStore", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "VigilConsoleTests", dependencies: ["VigilConsole", "VigilEngine"]),
        // `vigil serve` against a live server on a loopback port (raw-socket HTTP client).
        .testTarget(name: "VigilServeTests", dependencies: ["vigil", "VigilEngine", "VigilStore", "VigilPostgres", "PostgresTestSupport"]),
        // A throwaway PostgreSQL cluster for tests (tools/postgres/throwaway.sh).
        .target(name: "PostgresTestSupport", path: "Tests/PostgresTestSupport"),
        // The PostgreSQL store against a throwaway cluster.
        .testTarget(name: "VigilPostgresTests", dependencies: ["VigilPostgres", "VigilStore", "VigilEngine", "PostgresTestSupport"]),
        .testTarget(name: "VigilStoreTests", dependencies: ["VigilStore", "VigilEngine", .product(name: "GRDB", package: "GRDB.swift")]),
    ]
)
