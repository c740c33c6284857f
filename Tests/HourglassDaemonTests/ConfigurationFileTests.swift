import Foundation
import Hourglass
import HourglassDaemon
import Testing
import HourglassTestSupport

/// Mistakes in the file itself (keys, nulls, dates, commands, echoed values): each is a
/// load error that names the line, the job and the field, never a surprise at run time.
@Suite("Daemon configuration files: keys, nulls, calendar dates, commands and echoed values")
struct ConfigurationFileTests {
    static let now = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

    /// The error loading `yaml` gives, recording a test failure when it loads.
    func error(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) -> ConfigurationError? {
        #expect(throws: ConfigurationError.self, sourceLocation: sourceLocation) {
            try DaemonConfiguration.parse(yaml, file: "bad.yaml", now: Self.now)
        }
    }

    /// Checks that `error` names `line`, job `a` (or `job`), `field`, and contains `words`.
    func check(
        _ error: ConfigurationError?, line: Int, job: String? = "a", field: String?, words: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(error?.line == line, "\(String(describing: error))", sourceLocation: sourceLocation)
        #expect(error?.job == job, "\(String(describing: error))", sourceLocation: sourceLocation)
        #expect(error?.field == field, "\(String(describing: error))", sourceLocation: sourceLocation)
        #expect(error?.description.contains(words) == true, "\(String(describing: error))", sourceLocation: sourceLocation)
    }

    @Test("a key given twice in one mapping names the key and its line, without echoing the file")
    func duplicateKey() {
        let yaml = "jobs:\n  - id: a\n    interval: 1m\n    command: [x]\n    interval: 2m\n"
        let error = error(yaml)
        #expect(error?.line == 3, "\(String(describing: error))")
        #expect(error?.description.contains("'interval'") == true, "\(String(describing: error))")
        #expect(error?.description.contains("command: [x]") == false, "\(String(describing: error))")
    }

    @Test("a null id (~, null, nothing) is a missing id; a quoted '~' is an id", arguments: ["~", "null", "Null", "", "\"\""])
    func nullID(_ id: String) throws {
        check(error("jobs:\n  - id: \(id)\n    interval: 1m\n    command: [x]"), line: 2, job: nil, field: "id", words: "missing")
        let quoted = try DaemonConfiguration.parse("jobs:\n  - id: \"~\"\n    interval: 1m\n    command: [x]", file: "f", now: Self.now)
        #expect(quoted.jobs.map(\.id.rawValue) == ["~"])
    }

    @Test(
        "calendar.at, start_date and end_date are exactly a time of day and dates",
        arguments: [
            ("at", "18:x:30"), ("at", "18::00"), ("at", "+18:00"), ("at", "24:00"), ("at", "18:60"), ("at", "18:00:60"),
            ("at", "1800"), ("at", "18:00:00:00"), ("at", "-1:00"), ("at", "18:000"),
            ("start_date", "2026-x-01-31"), ("start_date", "-2026-01-01"), ("start_date", "2026-02-30"),
            ("start_date", "2026-13-01"), ("start_date", "+2026-+1-+1"), ("start_date", "0000-01-01"),
            ("start_date", "2026-1-31"), ("start_date", "2026-01-31T00:00:00Z"), ("end_date", "2027-1x-01"),
        ])
    func calendarText(_ key: String, _ value: String) {
        var parts = ["days: 1", "at: \"09:00\"", "start_date: \"2026-01-01\""].filter { !$0.hasPrefix(key) }
        parts.append("\(key): \"\(value)\"")
        let yaml = "jobs:\n  - id: a\n    command: [x]\n    calendar: {\(parts.joined(separator: ", "))}"
        check(error(yaml), line: 4, field: "calendar.\(key)", words: value)
    }

    @Test(
        "environment names with '=', empty or with NUL, and NUL in values, commands and directories are load errors",
        arguments: [
            ("environment: {\"A=B\": x}", "environment", "="),
            ("environment: {\"\": x}", "environment", "empty"),
            ("environment: {\"A\\0B\": x}", "environment", "NUL"),
            ("environment: {A: \"x\\0y\"}", "environment.A", "NUL"),
            ("working_directory: \"/tmp\\0x\"", "working_directory", "NUL"),
        ])
    func commandText(_ line: String, _ field: String, _ words: String) {
        let yaml = "jobs:\n  - id: a\n    interval: 1m\n    command: [x]\n    \(line)"
        check(error(yaml), line: 5, field: field, words: words)
    }

    @Test("a NUL in shell or command, and an empty or blank shell, are load errors naming the field")
    func shellAndCommand() {
        let head = "jobs:\n  - id: a\n    interval: 1m\n    "
        check(error(head + "shell: \"echo a\\0b\""), line: 4, field: "shell", words: "NUL")
        check(error(head + "command: [echo, \"a\\0b\"]"), line: 4, field: "command", words: "NUL")
        check(error(head + "shell: \"\""), line: 4, field: "shell", words: "empty")
        check(error(head + "shell: \"   \""), line: 4, field: "shell", words: "empty")
    }

    @Test("an echoed value is cut at 100 characters with its length, and its control characters are escaped")
    func echoedValues() {
        let big = String(repeating: "x", count: 1_000_000)
        for yaml in [
            "jobs:\n  - id: a\n    interval: \(big)\n    command: [x]",
            "jobs:\n  - id: a\n    cron: \"\(big) * * * *\"\n    command: [x]",
            "jobs:\n  - id: a\n    interval: 1m\n    command: [x]\n    coalesce: \(big)",
            "jobs:\n  - id: a\n    interval: 1m\n    command: [x]\n    timezone: \(big)",
        ] {
            let error = error(yaml)
            let text = error?.description ?? ""
            #expect(text.count < 600 && text.contains("1000000 characters"), "\(text.prefix(800))")
        }
        // A key past libyaml's 1024 characters is a YAML error, shown without the line.
        let key = error("jobs:\n  - id: a\n    interval: 1m\n    command: [x]\n    \(big): 1")?.description ?? ""
        #expect(key.count < 600 && key.hasPrefix("bad.yaml:5: "), "\(key.prefix(800))")
        let control = error("jobs:\n  - id: a\n    interval: \"1\\am\\nz\\e\"\n    command: [x]")?.description ?? ""
        #expect(control.contains("1\\u{7}m\\nz\\u{1B}"), "\(control)")
        #expect(!control.unicodeScalars.contains { $0.properties.generalCategory == .control }, "\(control)")
    }
}
