import Foundation
import Hourglass
@testable import HourglassCommands
import Logging
import Testing
import HourglassTestSupport

/// The daemon's log lines: text and JSON, stamped to the millisecond.
@Suite("Log lines: text and JSON, with milliseconds", .timeLimit(.minutes(1)))
struct LogFormatTests {
    /// 2026-03-27T11:00:00.999Z: the milliseconds are cut, never rounded up to the next second.
    static let date = Date(timeIntervalSince1970: 1_774_609_200.9996)

    static let line = LogLine(
        date: date, level: .warning, label: "hourglass", message: "run \"failed\"\nFORGED level=critical",
        source: "Hourglass",
        metadata: [
            "job.id": "backup", "run.attempt": .stringConvertible(2), "ok": .stringConvertible(true),
            "error.message": "exit status 3: a\\b\u{1B}[31m\u{0}\u{2028}", "level": "shadowed",
            "tags": .array(["a", "b"]), "nested": .dictionary(["z": "1", "a": .stringConvertible(1.5)]),
        ])

    @Test("milliseconds always, cut not rounded, with the zone's offset")
    func timestamps() throws {
        #expect(ISO8601Timestamp.formatWithMilliseconds(Self.date, in: .gmt) == "2026-03-27T11:00:00.999+00:00")
        #expect(
            ISO8601Timestamp.formatWithMilliseconds(Date(timeIntervalSince1970: 1_774_609_200), in: try .named("Europe/Berlin"))
                == "2026-03-27T12:00:00.000+01:00")
        #expect(ISO8601Timestamp.formatWithMilliseconds(Date(timeIntervalSince1970: 0.042), in: .gmt) == "1970-01-01T00:00:00.042+00:00")
    }

    @Test("text: timestamp with milliseconds, level, label, sorted metadata, source, message")
    func text() {
        let text = Self.line.rendered(.text, in: .gmt)
        #expect(text.hasPrefix("2026-03-27T11:00:00.999+00:00 warning hourglass: error.message="), "\(text)")
        #expect(text.contains(" job.id=backup level=shadowed nested=") && text.hasSuffix(" [Hourglass] run \"failed\"\nFORGED level=critical"))
    }

    @Test("JSON: one object on one line, fields first, metadata as fields, every string escaped; it parses back")
    func json() throws {
        let text = Self.line.rendered(.json, in: .gmt)
        #expect(!text.contains("\n") && !text.contains("\u{1B}") && !text.contains("\u{0}") && !text.contains("\u{2028}"), "\(text)")
        #expect(text.hasPrefix(#"{"timestamp":"2026-03-27T11:00:00.999+00:00","level":"warning","message":"run \"failed\"\nFORGED"#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["message"] as? String == "run \"failed\"\nFORGED level=critical")
        #expect(object["level"] as? String == "warning" && object["metadata.level"] as? String == "shadowed")
        #expect(object["error.message"] as? String == "exit status 3: a\\b\u{1B}[31m\u{0}\u{2028}")
        #expect(object["run.attempt"] as? Int == 2 && object["ok"] as? Bool == true && object["source"] as? String == "Hourglass")
        #expect(object["tags"] as? [String] == ["a", "b"])
        #expect((object["nested"] as? [String: Any])?["a"] as? Double == 1.5)
    }

    @Test("hourglass run --log-format json: every line of a real daemon is a JSON object with milliseconds")
    func daemonJSON() async throws {
        let directory = TemporaryDirectory()
        let hourglass = HourglassBinary(directory: directory)
        try """
        jobs:
          - {id: tick, interval: 1s, shell: "printf 'quote\\" tab\\t'"}
        """.write(toFile: directory.path("hourglass.yaml"), atomically: true, encoding: .utf8)
        let daemon = try hourglass.start(["run", "--log-format", "json"], log: "daemon.log")
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        try await waitUntil("a run has been logged") { hourglass.log("daemon.log").contains("command succeeded") || !daemon.isRunning }
        kill(daemon.processIdentifier, SIGTERM)
        try await waitForExit(daemon, "the daemon has stopped")
        let lines = hourglass.log("daemon.log").split(separator: "\n")
        #expect(lines.count >= 3)
        var messages: [String] = []
        for line in lines {
            let object = try #require(
                try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a JSON object: \(line)")
            let timestamp = try #require(object["timestamp"] as? String)
            #expect(timestamp.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$"#, options: .regularExpression) != nil)
            #expect(object["level"] is String)
            messages.append(try #require(object["message"] as? String))
            if object["message"] as? String == "hourglass daemon started" { #expect(object["jobs.added"] as? Int == 1) }
            if object["message"] as? String == "command succeeded" { #expect(object["job.id"] as? String == "tick") }
        }
        #expect(messages.first == "hourglass daemon started" && messages.last == "hourglass daemon stopped", "\(messages)")
    }

    @Test("hourglass run: text lines carry milliseconds")
    func daemonText() async throws {
        let directory = TemporaryDirectory()
        let hourglass = HourglassBinary(directory: directory)
        try "jobs: []".write(toFile: directory.path("hourglass.yaml"), atomically: true, encoding: .utf8)
        let daemon = try hourglass.start(["run"], log: "daemon.log")
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        try await waitUntil("the daemon has started") { hourglass.log("daemon.log").contains("hourglass daemon started") || !daemon.isRunning }
        kill(daemon.processIdentifier, SIGTERM)
        try await waitForExit(daemon, "the daemon has stopped")
        for line in hourglass.log("daemon.log").split(separator: "\n") {
            #expect(line.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d notice hourglass: "#, options: .regularExpression) != nil, "\(line)")
        }
    }
}
