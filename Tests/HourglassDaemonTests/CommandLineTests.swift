import Foundation
import Testing
import HourglassTestSupport

/// Runs the built `hourglass` executable as a real process.
@Suite("hourglass next")
struct CommandLineTests {
    /// The `hourglass` binary beside the test bundle in the build folder.
    static var binary: URL? {
        var directory = Bundle.module.bundleURL.deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent("hourglass")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return nil
    }

    private func run(_ arguments: [String], input: String = "") throws -> (status: Int32, output: String, error: String) {
        let binary = Self.binary
        try #require(binary != nil, "build the hourglass executable first (swift build)")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let error = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: error, as: UTF8.self))
    }

    @Test("prints the next fire times and the description")
    func text() throws {
        let result = try run(["next", "30 2 * * *", "--tz", "Europe/Berlin", "--after", "2026-03-28T12:00:00+01:00", "--count", "2"])
        #expect(result.status == 0)
        #expect(result.output == "2026-03-29T03:00:00+02:00\n2026-03-30T02:30:00+02:00\nAt 02:30\n")
    }

    @Test("--fields takes named fields")
    func fields() throws {
        let result = try run(["next", "--fields", "day=last fri,hour=9", "--after", "2026-01-01T00:00:00Z", "--count", "1", "--json"])
        #expect(result.status == 0)
        #expect(result.output.contains(#""next":["2026-01-30T09:00:00+00:00"]"#))
    }

    @Test("--hash-id gives H its job id; without one H is an error")
    func hashID() throws {
        let result = try run(["next", "H H * * *", "--hash-id", "backup", "--after", "2026-01-01T00:00:00Z", "--count", "1"])
        #expect(result.status == 0)
        #expect(result.output == "2026-01-01T01:27:00+00:00\nAt 01:27\n")
        let missing = try run(["next", "H H * * *"])
        #expect(missing.status == 2)
        #expect(missing.error.contains("minute: 'H' at position 1"))
        #expect(missing.error.contains("--hash-id"))
    }

    @Test("a leading CRON_TZ= shows the times in its zone")
    func cronTZ() throws {
        let result = try run(["next", "CRON_TZ=Asia/Kolkata 0 9 * * *", "--after", "2026-01-01T00:00:00Z", "--count", "1"])
        #expect(result.output == "2026-01-01T09:00:00+05:30\nAt 09:00, in time zone Asia/Kolkata\n")
    }

    @Test("a bad expression exits with status 2 and names the field")
    func badExpression() throws {
        let result = try run(["next", "0 9 * * fry"])
        #expect(result.status == 2)
        #expect(result.error.contains("day-of-week: 'fry' at position 9"))
    }

    @Test("--batch answers each JSON line in order, errors included")
    func batch() throws {
        let input = """
            {"id": 1, "kind": "crontab", "expr": "0 0 * * *", "tz": "UTC", "start": "2026-01-01T00:00:00+00:00", "count": 2}
            not json
            {"id": "x", "kind": "crontab", "expr": "0 0 30 2 *", "tz": "UTC", "start": "2026-01-01T00:00:00+00:00"}
            {"id": 4, "kind": "fields", "fields": {"hour": 9}, "tz": "Mars/Base", "start": "2026-01-01T00:00:00+00:00"}
            {"id": 5, "kind": "crontab", "expr": "H H * * *", "hash_id": "backup", "start": "2026-01-01T00:00:00+00:00", "count": 1}
            """
        let result = try run(["next", "--batch"], input: input)
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(result.status == 0)
        #expect(lines.count == 5)
        #expect(lines.first == #"{"id":1,"next":["2026-01-02T00:00:00+00:00","2026-01-03T00:00:00+00:00"]}"#)
        #expect(lines.dropFirst().first?.contains(#""error":"invalid""#) == true)
        #expect(lines.dropFirst(2).first?.contains(#""error":"never""#) == true)
        #expect(lines.dropFirst(2).first?.contains(#""id":"x""#) == true)
        #expect(lines.dropFirst(3).first?.contains("Mars/Base") == true)
        #expect(lines.last == #"{"id":5,"next":["2026-01-01T01:27:00+00:00"]}"#)
    }
}
