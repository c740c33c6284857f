// swift-tools-version: 6.2
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Hourglass",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Hourglass", targets: ["Hourglass"]),
        .library(name: "HourglassSQLite", targets: ["HourglassSQLite"]),
        .library(name: "HourglassPostgres", targets: ["HourglassPostgres"]),
        .library(name: "HourglassDaemon", targets: ["HourglassDaemon"]),
        .library(name: "HourglassTesting", targets: ["HourglassTesting"]),
        .library(name: "HourglassHTTP", targets: ["HourglassHTTP"]),
        .library(name: "HourglassNotify", targets: ["HourglassNotify"]),
        .executable(name: "hourglass", targets: ["HourglassCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.100.0"),
        // Documentation only: `swift package generate-documentation` (adds no code to the products).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .target(
            name: "Hourglass",
            dependencies: [
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "HourglassSQLite",
            dependencies: [
                "Hourglass",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "HourglassPostgres",
            dependencies: [
                "Hourglass",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "HourglassNotify",
            dependencies: [
                "Hourglass",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "HourglassDaemon",
            dependencies: [
                "Hourglass", "HourglassSQLite", "HourglassPostgres", "HourglassHTTP", "HourglassNotify",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "HourglassTesting",
            dependencies: ["Hourglass"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "HourglassHTTP",
            dependencies: [
                "Hourglass",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "HourglassCommands",
            dependencies: [
                "Hourglass", "HourglassDaemon", "HourglassHTTP", "HourglassNotify",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "HourglassCLI",
            dependencies: ["HourglassCommands"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "hourglass-crash-probe",
            dependencies: [
                "Hourglass", "HourglassSQLite", "HourglassPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Tests/HourglassCrashProbe",
            swiftSettings: strictSettings
        ),
        // Tests: one target per product, with shared helpers in support targets, so
        // that `swift build --build-tests --target HourglassTests` compiles the core's
        // tests without the stores and the daemon.
        .target(
            name: "HourglassTestSupport",
            dependencies: ["Hourglass", "HourglassTesting"],
            path: "Tests/HourglassTestSupport",
            swiftSettings: strictSettings
        ),
        .target(
            name: "HourglassPostgresTestSupport",
            dependencies: [
                "Hourglass", "HourglassPostgres", "HourglassTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/HourglassPostgresTestSupport",
            swiftSettings: strictSettings
        ),
        .target(
            name: "HourglassNotifyTestSupport",
            dependencies: [
                "HourglassTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Tests/HourglassNotifyTestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HourglassTests",
            dependencies: [
                "Hourglass", "HourglassTesting", "HourglassTestSupport",
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HourglassSQLiteTests",
            dependencies: [
                "Hourglass", "HourglassSQLite", "HourglassTesting", "HourglassTestSupport", "hourglass-crash-probe",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HourglassPostgresTests",
            dependencies: [
                "Hourglass", "HourglassPostgres", "HourglassSQLite", "HourglassTesting", "HourglassTestSupport",
                "HourglassPostgresTestSupport", "hourglass-crash-probe",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HourglassHTTPTests",
            dependencies: [
                "Hourglass", "HourglassHTTP", "HourglassTesting", "HourglassTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HourglassNotifyTests",
            dependencies: [
                "Hourglass", "HourglassNotify", "HourglassTesting", "HourglassTestSupport", "HourglassNotifyTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HourglassDaemonTests",
            dependencies: [
                "Hourglass", "HourglassSQLite", "HourglassPostgres", "HourglassDaemon", "HourglassTesting",
                "HourglassNotify", "HourglassNotifyTestSupport",
                "HourglassCommands", "HourglassCLI", "HourglassTestSupport", "HourglassPostgresTestSupport", "HourglassHTTP",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources/conformance")],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
