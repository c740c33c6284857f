import Foundation

/// Spans of time written as in configuration files and descriptions: `250ms`, `30s`, `5m`,
/// `2h`, `1d`, or several together, such as `1h30m`.
package enum DurationText {
    /// The units, largest first, with their size in milliseconds.
    private static let units: [(name: Substring, milliseconds: Int64)] = [
        ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1),
    ]

    /// What `text` names.
    package enum Reading: Equatable {
        /// A span of at most `Int64.max` milliseconds.
        case span(Duration)
        /// A span written correctly but longer than `Int64.max` milliseconds.
        case tooLong
        /// Not a span.
        case invalid
    }

    /// The span `text` names, or nil when it is not one (or too long to hold).
    package static func parse(_ text: String) -> Duration? {
        if case .span(let span) = read(text) { return span }
        return nil
    }

    /// The span `text` names, telling a span too long to hold from text that is not a span.
    package static func read(_ text: String) -> Reading {
        let longest = Duration.milliseconds(Int64.max)
        var total = Duration.zero
        var tooLong = false
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        guard !rest.isEmpty else { return .invalid }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty else { return .invalid }
            rest = rest.dropFirst(digits.count)
            let unit = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(unit.count)
            guard let size = units.first(where: { $0.name == unit })?.milliseconds else { return .invalid }
            // More digits than Int64 holds, or a product past it: too long, but read on for mistakes.
            guard let amount = Int64(digits) else {
                tooLong = true
                continue
            }
            let (milliseconds, overflow) = amount.multipliedReportingOverflow(by: size)
            guard !overflow, !tooLong else {
                tooLong = true
                continue
            }
            total += .milliseconds(milliseconds)
            if total > longest { tooLong = true }
        }
        return tooLong ? .tooLong : .span(total)
    }

    /// `span` in whole units, largest first (`1d2h`, `90ms`); a span under a millisecond
    /// as Swift prints it.
    package static func format(_ span: Duration) -> String {
        let (whole, overflow) = span.components.seconds.multipliedReportingOverflow(by: 1_000)
        let (sum, overflowed) = whole.addingReportingOverflow(span.components.attoseconds / 1_000_000_000_000_000)
        guard !overflow, !overflowed else { return "\(span)" }
        var milliseconds = sum
        var text = ""
        for unit in units where milliseconds >= unit.milliseconds {
            text += "\(milliseconds / unit.milliseconds)\(unit.name)"
            milliseconds %= unit.milliseconds
        }
        return text.isEmpty ? "\(span)" : text
    }
}
