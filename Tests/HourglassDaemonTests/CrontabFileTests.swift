import Foundation
import HourglassDaemon
import Testing
import HourglassTestSupport

/// `crontab(5)`, rule by rule: what ``CrontabFile`` reads from each kind of line.
@Suite("Crontab files: parsing")
struct CrontabFileTests {
    private func parse(_ text: String, format: CrontabFile.Format = .user) throws -> CrontabFile {
        try CrontabFile.parse(text, path: "/tmp/test.cron", format: format)
    }

    private func error(_ text: String, format: CrontabFile.Format = .user) -> ConfigurationError? {
        do {
            _ = try parse(text, format: format)
            return nil
        } catch {
            return error as? ConfigurationError
        }
    }

    @Test("blank lines and comments (also indented) are skipped; line numbers count them")
    func commentsAndBlankLines() throws {
        let file = try parse("# m h dom mon dow command\n\n   \t\n  # indented\n0 5 * * * backup\n")
        #expect(file.entries.count == 1)
        #expect(file.entries.first?.line == 5)
        #expect(file.entries.first?.schedule == "0 5 * * *")
        #expect(file.entries.first?.command == "backup")
    }

    @Test("a # after a command is part of the command, as in cron")
    func hashInCommand() throws {
        let file = try parse("0 5 * * * echo a # b\n")
        #expect(file.entries.first?.command == "echo a # b")
    }

    @Test("assignments: spaces around =, quoted values keep their blanks, empty values", arguments: [
        ("FOO=bar", "FOO", "bar"), ("FOO = bar  ", "FOO", "bar"), ("FOO=\" bar \"", "FOO", " bar "),
        ("FOO=' x y '", "FOO", " x y "), ("MAILTO=\"\"", "MAILTO", ""), ("MAILTO=", "MAILTO", ""),
        ("\"FOO\"=bar", "FOO", "bar"), ("  PATH=/usr/local/bin:/usr/bin:/bin", "PATH", "/usr/local/bin:/usr/bin:/bin"),
        ("FOO=a=b", "FOO", "a=b"), ("FOO=\"unbalanced", "FOO", "\"unbalanced"),
    ])
    func assignments(line: String, name: String, value: String) throws {
        let file = try parse("\(line)\n* * * * * true\n")
        #expect(file.assignments == [CrontabFile.Assignment(name: name, value: value)])
        #expect(file.entries.first?.variables[name] == value)
    }

    @Test("an assignment applies to the lines below it only; a later one wins")
    func assignmentOrder() throws {
        let file = try parse("* * * * * one\nSHELL=/bin/bash\n* * * * * two\nSHELL=/bin/dash\n* * * * * three\n")
        #expect(file.entries.map { $0.variables["SHELL"] } == [nil, "/bin/bash", "/bin/dash"])
    }

    @Test("an unescaped % ends the command; the rest is standard input with % as newlines")
    func percent() throws {
        let file = try parse("0 0 * * * mail -s hi root%line one%line two\n0 0 * * * date +\\%Y-\\%m-\\%d\n"
            + "0 0 * * * cat%a \\% b%\n0 0 * * * cat%\n")
        #expect(file.entries[0].command == "mail -s hi root")
        #expect(file.entries[0].standardInput == "line one\nline two\n")
        #expect(file.entries[1].command == "date +%Y-%m-%d")
        #expect(file.entries[1].standardInput == nil)
        #expect(file.entries[2].command == "cat")
        #expect(file.entries[2].standardInput == "a % b\n")
        #expect(file.entries[3].standardInput == "\n")
    }

    @Test("a backslash not before % stays", arguments: [("echo a\\b", "echo a\\b"), ("echo \\\\%x", "echo \\%x")])
    func backslash(command: String, expected: String) throws {
        #expect(try parse("* * * * * \(command)\n").entries.first?.command == expected)
    }

    @Test("nicknames and @reboot take the place of the five fields", arguments: [
        "@reboot", "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly", "@DAILY",
    ])
    func nicknames(nickname: String) throws {
        let entry = try #require(try parse("\(nickname)   /usr/bin/run --now\n").entries.first)
        #expect(entry.schedule == nickname)
        #expect(entry.command == "/usr/bin/run --now")
    }

    @Test("@every and its span take the place of the five fields (robfig/cron)")
    func every() throws {
        let entry = try #require(try parse("@every 1h30m  /usr/bin/run --now\n").entries.first)
        #expect(entry.schedule == "@every 1h30m")
        #expect(entry.command == "/usr/bin/run --now")
    }

    @Test("a directory or a file that is not UTF-8 text is an error that names it")
    func unreadable() throws {
        let directory = TemporaryDirectory()
        #expect {
            try CrontabFile.read(path: directory.url.path)
        } throws: { error in
            (error as? ConfigurationError)?.message.contains("is a directory") == true
        }
        try Data([0xFF, 0xFE, 0x2A, 0x0A]).write(to: directory.url.appendingPathComponent("binary"))
        #expect {
            try CrontabFile.read(path: directory.path("binary"))
        } throws: { error in
            (error as? ConfigurationError)?.message.contains("not UTF-8 text") == true
        }
    }

    @Test("a long line is read whole")
    func longLine() throws {
        let command = "if [ -x /usr/bin/thing ]; then " + String(repeating: "echo 0123456789 && ", count: 1_000) + "true; fi"
        #expect(try parse("*/5 * * * * \(command)\n").entries.first?.command == command)
    }

    @Test("a command or an input longer than one shell argument can be is an error that says what to do")
    func tooLong() throws {
        let limit = 128 * 1024 - 1
        #expect(try parse("* * * * * " + String(repeating: "x", count: limit) + "\n").entries.count == 1)
        let command = error("* * * * * " + String(repeating: "x", count: limit + 1) + "\n")
        #expect(command?.field == "command" && command?.line == 1)
        #expect(command?.message.contains("\(limit + 1) bytes") == true && command?.message.contains("script") == true)
        let input = error("\n* * * * * cat%" + String(repeating: "y", count: limit) + "\n")
        #expect(input?.field == "command" && input?.line == 2)
        #expect(input?.message.contains("standard input") == true, "\(input?.message ?? "")")
    }

    @Test("the system format has a user field after the time fields")
    func systemFormat() throws {
        let entry = try #require(
            try parse("17 *\t* * *\troot    cd / && run-parts --report /etc/cron.hourly\n", format: .system).entries.first)
        #expect(entry.user == "root")
        #expect(entry.command == "cd / && run-parts --report /etc/cron.hourly")
        let nickname = try #require(try parse("@reboot www-data /usr/bin/warm\n", format: .system).entries.first)
        #expect(nickname.user == "www-data")
        #expect(nickname.command == "/usr/bin/warm")
    }

    @Test("/etc/crontab and /etc/cron.d/* are system files; other paths user files", arguments: [
        ("/etc/crontab", CrontabFile.Format.system), ("/etc/cron.d/php", .system), ("/etc/cron.d/../cron.d/x", .system),
        ("/home/me/my.cron", .user), ("/etc/cron.daily/x", .user), ("crontab", .user),
    ])
    func formatByPath(path: String, format: CrontabFile.Format) {
        #expect(CrontabFile.Format.implied(by: path) == format)
    }

    @Test("CRLF line ends are read like LF")
    func crlf() throws {
        let file = try parse("A=b\r\n0 5 * * * run\r\n")
        #expect(file.assignments.first?.value == "b")
        #expect(file.entries.first?.command == "run")
    }

    @Test("a malformed line names the file, the line, the field and the column", arguments: [
        ("0 5 * * * ok\n61 5 * * * x\n", 2, "minute", "'61' at column 1"),
        ("0 25 * * * x\n", 1, "hour", "'25' at column 3"),
        ("  0 0 * * fry x\n", 1, "day-of-week", "'fry' at column 11"),
        ("0 0 * *\n", 1, "schedule", "4 time fields"),
        ("0 0 * * *\n", 1, "command", "missing"),
        ("0 0 * * * %input\n", 1, "command", "empty before its first '%'"),
        ("@fortnightly x\n", 1, "expression", "not a nickname"),
        ("CRON_TZ=Mars/Base\n", 1, "CRON_TZ", "not a time zone"),
        ("@every 0s x\n", 1, "schedule", "'@every 0s' is not a span of time of 1ms or more"),
        ("@every soon x\n", 1, "schedule", "'@every soon' is not a span of time"),
        ("@every\n", 1, "schedule", "@every and a span"),
        ("@everyday x\n", 1, "expression", "not a nickname"),
    ])
    func malformed(text: String, line: Int, field: String, words: String) {
        let error = error(text)
        #expect(error?.file == "/tmp/test.cron")
        #expect(error?.line == line, "\(String(describing: error))")
        #expect(error?.field == field, "\(String(describing: error))")
        #expect(error?.message.contains(words) == true, "\(String(describing: error))")
    }

    @Test("a system line without a user or without a command says what is missing")
    func systemMissing() {
        #expect(error("0 0 * * *\n", format: .system)?.field == "user")
        #expect(error("0 0 * * * root\n", format: .system)?.field == "command")
    }
}
