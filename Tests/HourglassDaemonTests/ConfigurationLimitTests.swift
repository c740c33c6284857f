import Foundation
import Hourglass
import HourglassDaemon
import HourglassTesting
import Testing
import HourglassTestSupport

/// Big values in the daemon's file: each is a precise load error (line, job, field), never
/// a trap that would kill a daemon reloading the file.
@Suite("Daemon configuration files: spans, steps and numbers beyond their limits")
struct ConfigurationLimitTests {
    static let now = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

    /// A job `a` on line 2 with `interval: 1m` and `command: [x]` unless `lines` give them,
    /// then `lines` from line 3.
    static func yaml(_ lines: [String]) -> String {
        var body = lines
        if !lines.contains(where: { $0.hasPrefix("interval:") || $0.hasPrefix("calendar:") }) { body.append("interval: 1m") }
        body.append("command: [x]")
        return "jobs:\n  - id: a\n" + body.map { "    " + $0 }.joined(separator: "\n")
    }

    func error(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) -> ConfigurationError? {
        #expect(throws: ConfigurationError.self, sourceLocation: sourceLocation) {
            try DaemonConfiguration.parse(yaml, file: "big.yaml", now: Self.now)
        }
    }

    @Test(
        "a span of 2^63 ns or more (106752d) in any span field is refused with its line, job and field",
        arguments: [
            ("interval: 106752d", "interval"), ("jitter: 106752d", "jitter"), ("timeout: 106752d", "timeout"),
            ("misfire_grace_time: 106752d", "misfire_grace_time"), ("retry: {attempts: 2, backoff: 106752d}", "retry.backoff"),
            ("retry: {attempts: 2, max_backoff: 106752d}", "retry.max_backoff"), ("timeout: 36526d", "timeout"),
            ("interval: 9223372036854775807ms", "interval"), ("timeout: 99999999999999999999999d", "timeout"),
            ("jitter: 5000000000000000000000h", "jitter"),
        ])
    func bigSpans(_ line: String, _ field: String) {
        let error = error(Self.yaml([line]))
        #expect(error?.line == 3 && error?.job == "a" && error?.field == field, "\(String(describing: error))")
        #expect(error?.description.contains("36525d (100 years)") == true, "\(String(describing: error))")
    }

    @Test("an id longer than any store can index, or a NUL in the id or name, is refused with its line and field")
    func badIDs() throws {
        let long = String(repeating: "x", count: Job.maximumIDLength + 1)
        let tooLong = error("jobs:\n  - interval: 1m\n    id: \(long)\n    command: [x]")
        #expect(tooLong?.line == 3 && tooLong?.field == "id", "\(String(describing: tooLong))")
        #expect(tooLong?.description.contains("1001 bytes long") == true, "\(String(describing: tooLong))")
        #expect((tooLong?.description.count ?? .max) < 400, "the message cuts the id: \(String(describing: tooLong))")
        let nulInID = error("jobs:\n  - id: \"a\\0b\"\n    interval: 1m\n    command: [x]")
        #expect(nulInID?.line == 2 && nulInID?.field == "id", "\(String(describing: nulInID))")
        let nulInName = error(Self.yaml(["name: \"n\\0\""]))
        #expect(nulInName?.line == 3 && nulInName?.field == "name", "\(String(describing: nulInName))")
        let longest = String(repeating: "x", count: Job.maximumIDLength)
        let configuration = try DaemonConfiguration.parse(
            "jobs:\n  - id: \(longest)\n    interval: 1m\n    command: [x]", file: "f", now: Self.now)
        #expect(configuration.jobs.first?.id.rawValue == longest)
    }

    @Test("a span of exactly 100 years (36525d) is accepted everywhere")
    func longestSpan() throws {
        let lines = [
            "interval: 36525d", "jitter: 36525d", "timeout: 36525d", "misfire_grace_time: 36525d",
            "retry: {attempts: 2, backoff: 36525d, max_backoff: 36525d}",
        ]
        let job = try #require(try DaemonConfiguration.parse(Self.yaml(lines), file: "f", now: Self.now).jobs.first)
        #expect(job.options.timeout == .seconds(36_525 * 86_400))
        #expect(job.options.retry?.backoff(afterAttempt: 50) == .seconds(36_525 * 86_400))
    }

    @Test(
        "a calendar step beyond 10,000 years is refused with the field's line",
        arguments: [
            ("years", "9223372036854775807"), ("months", "9223372036854775807"), ("weeks", "9223372036854775807"),
            ("days", "9223372036854775807"), ("years", "10001"), ("months", "120001"), ("days", "3652426"),
        ])
    func bigCalendarSteps(_ key: String, _ value: String) {
        let other = key == "days" ? "weeks: 1" : "days: 1"
        let yaml = Self.yaml(["calendar:", "  \(other)", "  \(key): \(value)", "  start_date: 2026-01-01"])
        let error = error(yaml)
        #expect(error?.line == 5 && error?.job == "a" && error?.field == "calendar.\(key)", "\(String(describing: error))")
        #expect(error?.description.contains(value) == true, "\(String(describing: error))")
    }

    @Test("a retry multiplier that is not a finite number of 1 or more is refused", arguments: ["inf", ".inf", "nan", ".nan", "-inf", "1e400", "0.5"])
    func badMultiplier(_ value: String) {
        let error = error(Self.yaml(["retry:", "  attempts: 3", "  multiplier: \(value)"]))
        #expect(error?.line == 5 && error?.job == "a" && error?.field == "retry.multiplier", "\(String(describing: error))")
        #expect(error?.description.contains(value) == true, "\(String(describing: error))")
    }

    /// The numeric fields of a job, each with the lines that give it `value`.
    static let fields: [(name: String, lines: @Sendable (String) -> [String])] = [
        ("interval", { ["interval: \($0)"] }), ("jitter", { ["jitter: \($0)"] }), ("timeout", { ["timeout: \($0)"] }),
        ("misfire_grace_time", { ["misfire_grace_time: \($0)"] }), ("catch_up_limit", { ["catch_up_limit: \($0)"] }),
        ("max_concurrent_runs", { ["max_concurrent_runs: \($0)"] }),
        ("retry.attempts", { ["retry: {attempts: \($0)}"] }),
        ("retry.backoff", { ["retry: {attempts: 5, backoff: \($0)}"] }),
        ("retry.max_backoff", { ["retry: {attempts: 5, max_backoff: \($0)}"] }),
        ("retry.multiplier", { ["retry: {attempts: 5, multiplier: \($0)}"] }),
        ("calendar.years", { ["calendar: {years: \($0), start_date: 2026-06-01}"] }),
        ("calendar.months", { ["calendar: {months: \($0), start_date: 2026-06-01}"] }),
        ("calendar.weeks", { ["calendar: {weeks: \($0), days: 1, start_date: 2026-06-01}"] }),
        ("calendar.days", { ["calendar: {days: \($0), months: 1, start_date: 2026-06-01}"] }),
    ]

    @Test("property: random numbers in every numeric field load, or fail with the line, job and field; never trap")
    func randomNumbers() throws {
        var random = SplitMix64(seed: 17)
        var loaded = 0
        var refused = 0
        for _ in 0..<3_000 {
            let field = Self.fields[Int(random.next() % UInt64(Self.fields.count))]
            let kind: EdgeNumbers.Kind =
                Self.isSpan(field.name) ? .span : field.name == "retry.multiplier" ? .real : .integer
            let value = EdgeNumbers.text(kind, using: &random)
            let yaml = Self.yaml(field.lines(value))
            do {
                let configuration = try DaemonConfiguration.parse(yaml, file: "random.yaml", now: Self.now)
                for job in configuration.jobs { try EdgeNumbers.exercise(job) }
                loaded += 1
            } catch let error as ConfigurationError {
                refused += 1
                let parent = String(field.name.prefix { $0 != "." })
                #expect(error.line == 3, "\(field.name) = \(value): \(error)")
                #expect(error.job == "a", "\(field.name) = \(value): \(error)")
                #expect(
                    error.field == field.name || error.field == parent || error.field?.hasPrefix(parent + ".") == true,
                    "\(field.name) = \(value): \(error)")
            }
        }
        #expect(loaded > 100 && refused > 100, "loaded \(loaded), refused \(refused)")
    }

    static func isSpan(_ field: String) -> Bool {
        ["interval", "jitter", "timeout", "misfire_grace_time", "retry.backoff", "retry.max_backoff"].contains(field)
    }
}
