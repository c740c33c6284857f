import Foundation
import Testing
import HourglassTestSupport

/// One line of the conformance vectors (see Resources/conformance/README.md), with the
/// request that `hourglass next --batch` would receive for it.
struct ConformanceVector: Sendable, CustomTestStringConvertible {
    let file: String
    let line: Int
    /// The vector as a batch request, `count` included.
    let request: Data
    let expected: [String]?
    let error: String?
    let summary: String

    var testDescription: String { "\(file):\(line) \(summary)" }

    static let files = ["crontab_utc", "crontab_dst", "spec_utc", "spec_dst", "fields", "interval", "extensions", "invalid"]

    static func load(_ name: String) throws -> [ConformanceVector] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "jsonl", subdirectory: "conformance") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: name])
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").enumerated().map { index, line in
            var object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            let expected = object["next"] as? [String]
            object["count"] = max(5, expected?.count ?? 0)
            object["id"] = index + 1
            let summary = [object["expr"], object["fields"], object["interval"], object["tz"], object["start"]]
                .compactMap { $0.map { "\($0)" } }.joined(separator: " ")
            return ConformanceVector(
                file: name, line: index + 1, request: try JSONSerialization.data(withJSONObject: object),
                expected: expected, error: object["error"] as? String, summary: summary)
        }
    }

    /// Every vector of every file; a file that fails to load yields no vectors (a separate test counts them).
    static let all: [ConformanceVector] = files.flatMap { (try? load($0)) ?? [] }
}
