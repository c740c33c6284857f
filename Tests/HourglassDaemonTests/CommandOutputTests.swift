import Foundation
import Hourglass
import HourglassDaemon
import HourglassPostgres
import HourglassSQLite
import Testing
import HourglassTestSupport
import HourglassPostgresTestSupport

/// Command output may hold newlines, terminal escape sequences and NUL bytes: logs and
/// terminals get it escaped, the history keeps it whole.
@Suite("Command output: escaped in logs and tables, whole in the history", .timeLimit(.minutes(2)))
struct CommandOutputTests {
    /// What the jobs below write: a newline that could forge a log line, a colour escape
    /// sequence, a NUL and text after it.
    static let written = "first\nFORGED level=critical\u{1B}[31mred\u{0}after"

    @Test("the one escaping: line breaks, escape sequences, NUL, backslash and bidi overrides become visible text")
    func escaping() {
        #expect(EscapedText.escaped(Self.written) == #"first\nFORGED level=critical\u{1B}[31mred\u{0}after"#)
        #expect(EscapedText.escaped("a\r\nb\tc\\d\u{202E}e\u{7F}é日本") == #"a\r\nb\tc\\d\u{202E}e\u{7F}é日本"#)
        #expect(EscapedText.escaped("a\nb\tc\\d\r\u{1B}", keepingLineBreaks: true) == "a\nb\tc\\d" + #"\r\u{1B}"#)
        #expect(EscapedText.escaped("plain text") == "plain text")
    }

    @Test("a command's output with a NUL byte is captured whole")
    func capture() async throws {
        let result = try await CommandRunner.run(CommandSpec(shell: #"printf 'first\nFORGED level=critical\033[31mred\000after'"#))
        #expect(result.output == Self.written)
    }

    @Test("the SQLite store keeps a message with a NUL whole")
    func sqliteNUL() async throws {
        let directory = TemporaryDirectory()
        let store = try SQLiteJobStore(path: directory.path("jobs.sqlite"))
        let run = RunRecord(
            id: 1, jobID: "nul", scheduledFireTime: Date(timeIntervalSince1970: 1), startedAt: Date(timeIntervalSince1970: 1),
            finishedAt: Date(timeIntervalSince1970: 2), status: .success, message: Self.written, attempt: 1, owner: "test")
        try await store.record([run])
        #expect(try await store.runs(of: "nul", limit: 1).first?.message == Self.written)
        let empty = RunRecord(
            id: 2, jobID: "empty", scheduledFireTime: Date(timeIntervalSince1970: 1), startedAt: nil, finishedAt: nil,
            status: .error, message: "", attempt: 1, owner: "test")
        try await store.record([empty])
        #expect(try await store.runs(of: "empty", limit: 1).first?.message == "")
    }

    @Test(
        "the PostgreSQL store records a message with a NUL, keeping the NUL as U+FFFD and all that follows",
        .enabled(if: PostgresTestDatabase.isConfigured))
    func postgresNUL() async throws {
        try await PostgresTestDatabase.withStore { store, _ in
            let run = RunRecord(
                id: 1, jobID: "nul", scheduledFireTime: Date(timeIntervalSince1970: 1), startedAt: Date(timeIntervalSince1970: 1),
                finishedAt: Date(timeIntervalSince1970: 2), status: .success, message: Self.written, attempt: 1, owner: "test")
            try await store.record([run])
            let kept = try await store.runs(of: "nul", limit: 1).first?.message
            #expect(kept == Self.written.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}"))
        }
    }

    @Test(
        "the daemon logs each run's output as one escaped value; history and run-now escape it, history --json keeps it whole")
    func endToEnd() async throws {
        let directory = TemporaryDirectory()
        let hourglass = HourglassBinary(directory: directory)
        try """
        jobs:
          - id: writes
            interval: 1s
            shell: printf 'first\\nFORGED level=critical\\033[31mred\\000after'
          - id: fails
            interval: 1s
            shell: printf 'bad\\nFORGED level=critical\\033[0m'; exit 3
        """.write(toFile: directory.path("hourglass.yaml"), atomically: true, encoding: .utf8)
        let daemon = try hourglass.start(["run"], log: "daemon.log")
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        var runs: [String: [RunRecord]] = [:]
        try await waitUntil("both jobs have ended runs") {
            for job in ["writes", "fails"] where FileManager.default.fileExists(atPath: directory.path("hourglass.sqlite")) {
                runs[job] = try? await hourglass.history(job)
            }
            return ["writes", "fails"].allSatisfy { runs[$0]?.contains { $0.status != .running } == true }
        }
        kill(daemon.processIdentifier, SIGTERM)
        try await waitForExit(daemon, "the daemon has stopped")

        #expect(runs["writes"]?.first { $0.status == .success }?.message == Self.written)
        #expect(runs["fails"]?.first { $0.status == .error }?.message == "exit status 3: bad\nFORGED level=critical\u{1B}[0m")
        let log = hourglass.log("daemon.log")
        #expect(!log.contains("\u{1B}") && !log.contains("\u{0}"), "\(log)")
        for line in log.split(separator: "\n") where line.contains("FORGED") {
            #expect(line.contains("command succeeded") || line.contains("run failed"), "a forged log line: \(line)")
        }
        #expect(log.contains(#"first\nFORGED level=critical\u{1B}[31mred\u{0}after"#), "\(log)")

        let table = try await hourglass.run(["history", "writes"])
        #expect(table.status == 0 && !table.output.contains("\u{1B}") && table.output.contains(#"\u{1B}[31m"#), "\(table.output)")
        let ran = try await hourglass.run(["jobs", "run-now", "writes"])
        #expect(ran.status == 0 && !ran.output.contains("\u{1B}") && ran.output.contains("after"), "\(ran.output)")
    }
}
