// swift-tools-version: 6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Hourglass",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Hourglass", targets: ["Hourglass"]),
        .library(name: "HourglassTesting", targets: ["HourglassTesting"]),
        .executable(name: "hourglass", targets: ["HourglassCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .target(
            name: "Hourglass",
            swiftSettings: strictSettings
        ),
        .target(
            name: "HourglassTesting",
            dependencies: ["Hourglass"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "HourglassCommands",
            dependencies: [
                "Hourglass",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "HourglassCLI",
            dependencies: ["HourglassCommands"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HourglassTests",
            dependencies: ["Hourglass", "HourglassTesting", "HourglassCommands"],
            resources: [.copy("Resources/conformance")],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
