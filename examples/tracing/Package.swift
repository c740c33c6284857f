// swift-tools-version: 6.2
import PackageDescription

// An example that sends Hourglass's run spans to an OpenTelemetry collector over OTLP/HTTP:
//   swift run --package-path examples/tracing
let package = Package(
    name: "HourglassTracingExample",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Hourglass", path: "../.."),
        // OTLP over HTTP only: the gRPC exporter's dependencies stay out of the build.
        .package(url: "https://github.com/swift-otel/swift-otel", from: "1.6.0", traits: ["OTLPHTTP"]),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .executableTarget(
            name: "hourglass-tracing-example",
            dependencies: [
                .product(name: "Hourglass", package: "Hourglass"),
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        )
    ],
    swiftLanguageModes: [.v6]
)
