import Foundation
import Hourglass

/// A crontab file as `crontab(5)` defines it, read into its entries.
///
/// Blank lines and lines whose first non-blank character is `#` are skipped; a line
/// `NAME = value` (spaces optional, the value optionally in matching single or double
/// quotes) sets a variable for the entries below it; every other line is an entry:
/// five time fields, a nickname (`@daily`, `@reboot`) or `@every <span>`, in the system
/// format a user name, then the command to the end of the line. In the command an
/// unescaped `%` ends the command, the rest is the command's standard input with each
/// further `%` a newline; `\%` is a literal `%`. Lines have no length limit, but the
/// command and its input must each fit in one argument of the shell (128 KiB).
public struct CrontabFile: Sendable, Hashable {
    /// The two layouts of a crontab line.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        /// `m h dom mon dow command`, as `crontab -e` writes it.
        case user
        /// `m h dom mon dow user command`, as `/etc/crontab` and `/etc/cron.d/*` are.
        case system

        /// The format a path implies: `/etc/crontab` and files in `/etc/cron.d` are system
        /// files, every other file is a user crontab.
        public static func implied(by path: String) -> Format {
            let standardized = URL(fileURLWithPath: path).standardizedFileURL.path
            if standardized == "/etc/crontab" { return .system }
            let directory = URL(fileURLWithPath: standardized).deletingLastPathComponent().path
            return directory == "/etc/cron.d" ? .system : .user
        }
    }

    /// One job line of the file.
    public struct Entry: Sendable, Hashable {
        /// The line's number, from 1.
        public var line: Int
        /// The line as written, without its line break and surrounding blanks.
        public var text: String
        /// The five time fields as written (`"0 5 * * *"`), the nickname (`"@daily"`) or
        /// `@every` and its span (`"@every 90s"`).
        public var schedule: String
        /// The user the command runs as, in the system format; nil in the user format.
        public var user: String?
        /// The command for the shell, up to the first unescaped `%`, with `\%` as `%`.
        public var command: String
        /// The standard input after the first unescaped `%`, each further `%` a newline
        /// and ending with one; nil when the command has no `%`.
        public var standardInput: String?
        /// The variables set above this line, in the order set (a later one wins).
        public var environment: [Assignment]
    }

    /// A `NAME=value` line.
    public struct Assignment: Sendable, Hashable {
        /// The variable's name.
        public var name: String
        /// The value, quotes removed.
        public var value: String

        /// An assignment of `value` to `name`.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The file's path, as given.
    public var path: String
    /// The layout the file was read with.
    public var format: Format
    /// The job lines, in file order.
    public var entries: [Entry]
    /// Every assignment of the file, in file order (for `import-crontab`).
    public var assignments: [Assignment]

    /// Reads `text`, the contents of the file at `path`.
    ///
    /// - Throws: ``ConfigurationError`` naming the file, the line and the field that is
    ///   wrong (`minute`, `day-of-week`, `user`, `command`).
    public static func parse(_ text: String, path: String, format: Format) throws(ConfigurationError) -> CrontabFile {
        var file = CrontabFile(path: path, format: format, entries: [], assignments: [])
        var lineNumber = 0
        // "\r\n" is one Character in Swift.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if let assignment = try CrontabLine.assignment(trimmed, file: path, line: lineNumber) {
                file.assignments.append(assignment)
                continue
            }
            var entry = try CrontabLine.entry(String(line), format: format, file: path, line: lineNumber)
            entry.environment = file.assignments
            file.entries.append(entry)
        }
        return file
    }

    /// Reads the file at `path`, in the format given or the one its path implies.
    ///
    /// - Throws: ``ConfigurationError`` when the file cannot be read or has a malformed line.
    public static func read(path: String, format: Format? = nil) throws(ConfigurationError) -> CrontabFile {
        if CrontabDirectory.isDirectory(path) {
            throw ConfigurationError(
                file: path, message: "is a directory; name one crontab file in it, e.g. \(path)/FILE")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError(file: path, message: "cannot read the crontab file: \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(file: path, message: "is not UTF-8 text; is it a crontab file?")
        }
        return try parse(text, path: path, format: format ?? .implied(by: path))
    }
}

extension CrontabFile.Entry {
    /// The variables in effect for this entry, later assignments winning.
    public var variables: [String: String] {
        var result: [String: String] = [:]
        for assignment in environment { result[assignment.name] = assignment.value }
        return result
    }
}
