// swift-tools-version: 6.2
import PackageDescription

// The benchmark suite, kept out of the library's build:
//   swift run -c release --package-path Benchmarks hourglass-bench w1
let package = Package(
    name: "HourglassBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Hourglass", path: ".."),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .executableTarget(
            name: "hourglass-bench",
            dependencies: [
                .product(name: "Hourglass", package: "Hourglass"),
                .product(name: "HourglassSQLite", package: "Hourglass"),
                .product(name: "HourglassPostgres", package: "Hourglass"),
                .product(name: "HourglassTesting", package: "Hourglass"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        )
    ],
    swiftLanguageModes: [.v6]
)
