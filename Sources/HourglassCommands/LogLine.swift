import Foundation
import Hourglass
import Logging

/// One log line as ``CommandLogHandler`` writes it, in either ``LogFormat``.
struct LogLine {
    var date: Date
    var level: Logger.Level
    var label: String
    var message: String
    var source: String
    var metadata: Logger.Metadata

    /// The fields every JSON line starts with; a metadata key of the same name is written
    /// as `metadata.<key>`.
    static let jsonFields = ["timestamp", "level", "message", "source"]

    /// The line, without its line feed, with the timestamp in `zone`.
    func rendered(_ format: LogFormat, in zone: TimeZone) -> String {
        let timestamp = ISO8601Timestamp.formatWithMilliseconds(date, in: zone)
        switch format {
        case .text:
            let pairs = metadata.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
            return "\(timestamp) \(level)\(label.isEmpty ? "" : " ")\(label):\(pairs) [\(source)] \(message)"
        case .json:
            var fields = [
                ("timestamp", JSONLogValue.string(timestamp)), ("level", .string(level.rawValue)), ("message", .string(message)),
                ("source", .string(source)),
            ]
            for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
                fields.append((Self.jsonFields.contains(key) ? "metadata." + key : key, JSONLogValue(value)))
            }
            return JSONLogValue.object(fields).text
        }
    }
}

/// A JSON value of a log line, written with every string escaped as JSON requires.
indirect enum JSONLogValue {
    case string(String)
    /// A number or boolean as its JSON text (`3`, `2.5`, `true`).
    case literal(String)
    case array([JSONLogValue])
    case object([(String, JSONLogValue)])

    /// A metadata value: numbers and booleans as such, lists and dictionaries as arrays and
    /// objects (keys sorted), anything else as its text.
    init(_ value: Logger.MetadataValue) {
        switch value {
        case .string(let text): self = .string(text)
        case .stringConvertible(let convertible):
            switch convertible {
            case let value as Bool: self = .literal(value ? "true" : "false")
            case let value as Int: self = .literal(String(value))
            case let value as Int64: self = .literal(String(value))
            case let value as UInt64: self = .literal(String(value))
            case let value as Double where value.isFinite: self = .literal(String(value))
            default: self = .string(convertible.description)
            }
        case .array(let values): self = .array(values.map(JSONLogValue.init))
        case .dictionary(let values): self = .object(values.sorted { $0.key < $1.key }.map { ($0.key, JSONLogValue($0.value)) })
        }
    }

    /// The value as JSON text, on one line.
    var text: String {
        switch self {
        case .string(let value): Self.quoted(value)
        case .literal(let value): value
        case .array(let values): "[" + values.map(\.text).joined(separator: ",") + "]"
        case .object(let fields): "{" + fields.map { Self.quoted($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
        }
    }

    /// `text` as a JSON string: quotes, backslashes and control characters escaped
    /// (`\n`, `\t`, `\u001b`), and U+2028/U+2029, which some JavaScript readers take for line ends.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\u{2028}" || scalar == "\u{2029}":
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
