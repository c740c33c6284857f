import Foundation
import Hourglass

/// Reads one line of a crontab file: an assignment or an entry (see ``CrontabFile``).
enum CrontabLine {
    /// The assignment on `line` (leading blanks removed), nil when it is not one: a name
    /// (optionally quoted), optional blanks, `=`.
    static func assignment(_ line: Substring, file: String, line number: Int) throws(ConfigurationError)
        -> CrontabFile.Assignment?
    {
        var rest = line[...]
        let name: Substring
        if let quote = rest.first, quote == "\"" || quote == "'" {
            guard let close = rest.dropFirst().firstIndex(of: quote) else { return nil }
            name = rest[rest.index(after: rest.startIndex)..<close]
            rest = rest[rest.index(after: close)...]
        } else {
            name = rest.prefix { !isBlank($0) && $0 != "=" }
            rest = rest.dropFirst(name.count)
        }
        rest = rest.drop(while: isBlank)
        guard !name.isEmpty, rest.first == "=" else { return nil }
        var value = rest.dropFirst().drop(while: isBlank)
        while let last = value.last, isBlank(last) { value = value.dropLast() }
        if value.count >= 2, let quote = value.first, quote == "\"" || quote == "'", value.last == quote {
            value = value.dropFirst().dropLast()
        }
        if name == "CRON_TZ", !value.isEmpty {
            do {
                _ = try TimeZone.named(String(value))
            } catch {
                throw ConfigurationError(
                    file: file, line: number, field: "CRON_TZ",
                    message: "'\(value)' is not a time zone; use an IANA name such as Europe/Berlin or UTC")
            }
        }
        return CrontabFile.Assignment(name: String(name), value: String(value))
    }

    /// The entry on `text`, a line that is neither blank, a comment nor an assignment.
    static func entry(_ text: String, format: CrontabFile.Format, file: String, line number: Int)
        throws(ConfigurationError) -> CrontabFile.Entry
    {
        let error = { (field: String, message: String) in
            ConfigurationError(file: file, line: number, field: field, message: message)
        }
        let words = self.words(text)
        // Five fields, a nickname, or robfig/cron's `@every <span>`.
        let first = words.first.map { text[$0].lowercased() } ?? ""
        let scheduleCount = first == "@every" ? 2 : first.hasPrefix("@") ? 1 : 5
        guard words.count >= scheduleCount else {
            throw error(
                "schedule",
                "has \(words.count) time field\(words.count == 1 ? "" : "s"); a crontab line starts with five "
                    + "(minute hour day-of-month month day-of-week), a nickname such as @daily, or @every and a span")
        }
        let scheduleEnd = words[scheduleCount - 1].upperBound
        let schedule = String(text[words[0].lowerBound..<scheduleEnd])
        try check(schedule: String(text[..<scheduleEnd]), file: file, line: number)
        var commandIndex = scheduleCount
        var user: String?
        if format == .system {
            guard words.count > scheduleCount else {
                throw error("user", "is missing: a line of a system crontab names the user after the time fields")
            }
            user = String(text[words[scheduleCount]])
            commandIndex += 1
        }
        guard words.count > commandIndex else {
            throw error("command", "is missing after the time fields\(format == .system ? " and the user" : "")")
        }
        var commandText = text[words[commandIndex].lowerBound...]
        while let last = commandText.last, last == "\r" { commandText = commandText.dropLast() }
        let (command, input) = percentSplit(commandText)
        guard !command.allSatisfy(isBlank) else {
            throw error("command", "is empty before its first '%'; write the command first, then '%' and its input")
        }
        // Both reach the shell as one argument each, which Linux caps (MAX_ARG_STRLEN).
        if command.utf8.count > maximumArgumentBytes {
            throw error(
                "command",
                "is \(command.utf8.count) bytes long; at most \(maximumArgumentBytes) reach the shell (cron has the same "
                    + "limit); put the commands in a script and run that")
        }
        if let input, input.utf8.count > maximumArgumentBytes {
            throw error(
                "command",
                "has \(input.utf8.count) bytes of standard input after its '%'; at most \(maximumArgumentBytes) are "
                    + "passed; put the text in a file and redirect it ('< FILE')")
        }
        return CrontabFile.Entry(
            line: number, text: text.trimmingBlanks, schedule: schedule, user: user, command: command,
            standardInput: input, environment: [])
    }

    /// Checks the time fields (with the line's leading blanks, so that positions are
    /// columns of the line).
    private static func check(schedule: String, file: String, line number: Int) throws(ConfigurationError) {
        let nickname = schedule.trimmingBlanks.lowercased()
        if nickname == "@reboot" { return }
        if let span = CommandJobReader.everySpan(schedule) {
            if case .failure(let problem) = ConfigurationReader.span(span) {
                throw ConfigurationError(
                    file: file, line: number, field: "schedule", message: "'@every \(span)' \(problem.message)")
            }
            return
        }
        do {
            // `H` needs a job id; the real one is the job's, any id checks the syntax.
            _ = try CronExpression(schedule, hashID: "check")
        } catch {
            var message = error.text.map { "'\($0)' " } ?? ""
            if let position = error.position { message += "at column \(position) " }
            message += error.reason
            throw ConfigurationError(file: file, line: number, field: error.field ?? "schedule", message: message)
        }
    }

    /// The command and its standard input: an unescaped `%` ends the command, each
    /// further one is a newline of the input, `\%` is a `%`.
    static func percentSplit(_ text: Substring) -> (command: String, input: String?) {
        var command = ""
        var input: String?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            var produced = String(character)
            if character == "\\", next < text.endIndex, text[next] == "%" {
                produced = "%"
                index = text.index(after: next)
            } else {
                index = next
                if character == "%" {
                    if input == nil {
                        input = ""
                        continue
                    }
                    produced = "\n"
                }
            }
            if input == nil { command += produced } else { input? += produced }
        }
        if let text = input, !text.hasSuffix("\n") { input = text + "\n" }
        return (command, input)
    }

    /// The ranges of the blank-separated words of `text`.
    static func words(_ text: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        var start: String.Index?
        var index = text.startIndex
        while index < text.endIndex {
            if isBlank(text[index]) {
                if let begun = start { ranges.append(begun..<index) }
                start = nil
            } else if start == nil {
                start = index
            }
            index = text.index(after: index)
        }
        if let begun = start { ranges.append(begun..<text.endIndex) }
        return ranges
    }

    /// The longest argument Linux passes to a program (MAX_ARG_STRLEN, 32 pages), less
    /// its terminating zero.
    static let maximumArgumentBytes = 128 * 1024 - 1

    static func isBlank(_ character: Character) -> Bool { character == " " || character == "\t" }
}

extension String {
    /// The text without leading and trailing blanks (spaces and tabs).
    var trimmingBlanks: String {
        var text = self[...]
        while let first = text.first, CrontabLine.isBlank(first) { text = text.dropFirst() }
        while let last = text.last, CrontabLine.isBlank(last) || last == "\r" { text = text.dropLast() }
        return String(text)
    }
}
