import Foundation
import Hourglass

/// How the dashboard writes values into its pages: times in a zone with the offset, spans
/// of time, links to jobs, and user text with its control characters made visible.
///
/// Mustache escapes `<`, `>`, `&` and quotes; these functions take care of what that
/// leaves: control and bidirectional characters in ids and output, and path segments.
enum DashboardText {
    /// `date` as wall time in `zone` with the offset: `2026-01-01 03:00 +01:00`, with the
    /// seconds only when they are not zero.
    static func time(_ date: Date, in zone: TimeZone) -> String {
        let iso = ISO8601Timestamp.format(date, in: zone)  // 2026-01-01T03:00:00[.mmm]+01:00
        let offset = iso.suffix(6)
        let day = iso.prefix(10)
        var clock = iso.dropFirst(11).dropLast(6)
        if let dot = clock.firstIndex(of: ".") { clock = clock[..<dot] }
        if clock.hasSuffix(":00") { clock = clock.dropLast(3) }
        return "\(day) \(clock) \(offset)"
    }

    /// The machine-readable form of a time, for `<time datetime>`.
    static func isoTime(_ date: Date, in zone: TimeZone) -> String {
        ISO8601Timestamp.format(date, in: zone)
    }

    /// How far `date` is from `now`: `in 2 h 5 min`, `3 min ago`, `now`.
    static func relative(_ date: Date, to now: Date) -> String {
        let seconds = Int(date.timeIntervalSince(now).rounded())
        if abs(seconds) < 1 { return "now" }
        let span = span(seconds: abs(seconds))
        return seconds > 0 ? "in " + span : span + " ago"
    }

    /// A span of whole seconds in at most two units: `45 s`, `2 min 5 s`, `3 h 10 min`, `4 d 2 h`.
    static func span(seconds: Int) -> String {
        let units: [(size: Int, name: String)] = [(86_400, "d"), (3_600, "h"), (60, "min"), (1, "s")]
        for (index, unit) in units.enumerated() where seconds >= unit.size {
            var text = "\(seconds / unit.size) \(unit.name)"
            if index + 1 < units.count {
                let next = units[index + 1]
                let rest = seconds % unit.size / next.size
                if rest > 0 { text += " \(rest) \(next.name)" }
            }
            return text
        }
        return "0 s"
    }

    /// A run's duration: `0.25 s`, `12 s`, `2 min 5 s`.
    static func duration(_ seconds: Double) -> String {
        if seconds < 10 { return String(format: "%.2f s", max(0, seconds)) }
        return span(seconds: Int(seconds.rounded()))
    }

    /// `text` with each control character (and each character that reverses the direction
    /// of text) written as `\u{1b}`; with `keepingLines`, line feeds and tabs stay.
    static func visible(_ text: String, keepingLines: Bool = false) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if keepingLines && (scalar == "\n" || scalar == "\t") {
                result.unicodeScalars.append(scalar)
            } else if isHidden(scalar) {
                result += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `text` cut to `limit` characters, with `…` when cut; control characters made visible.
    static func preview(_ text: String, limit: Int) -> String {
        let line = visible(text)
        return line.count > limit ? String(line.prefix(limit)) + "…" : line
    }

    private static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true  // direction marks and overrides
        default: false
        }
    }

    /// `text` as one path segment: every byte but letters, digits and `-._~` percent-encoded,
    /// `/` too, so that a job id with a slash stays one segment.
    static func pathSegment(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }

    /// A query parameter's value, percent-encoded as ``pathSegment(_:)`` does.
    static func queryValue(_ text: String) -> String { pathSegment(text) }

    /// The name shown for a zone: its identifier, `UTC` for GMT.
    static func zoneName(_ zone: TimeZone) -> String {
        zone.identifier == "GMT" ? "UTC" : zone.identifier
    }
}
