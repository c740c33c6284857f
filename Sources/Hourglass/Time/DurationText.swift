import Foundation

/// Spans of time written as in configuration files and descriptions: `250ms`, `30s`, `5m`,
/// `2h`, `1d`, or several together, such as `1h30m`.
package enum DurationText {
    /// The units, largest first, with their size in milliseconds.
    private static let units: [(name: Substring, milliseconds: Int64)] = [
        ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1),
    ]

    /// The span `text` names, or nil when it is not one (or too long to hold).
    package static func parse(_ text: String) -> Duration? {
        var total = Duration.zero
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isNumber }
            guard let amount = Int64(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            let unit = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(unit.count)
            guard let size = units.first(where: { $0.name == unit })?.milliseconds else { return nil }
            let (milliseconds, overflow) = amount.multipliedReportingOverflow(by: size)
            guard !overflow else { return nil }
            total += .milliseconds(milliseconds)
        }
        return total
    }

    /// `span` in whole units, largest first (`1d2h`, `90ms`); a span under a millisecond
    /// as Swift prints it.
    package static func format(_ span: Duration) -> String {
        var milliseconds = span.components.seconds * 1_000 + span.components.attoseconds / 1_000_000_000_000_000
        var text = ""
        for unit in units where milliseconds >= unit.milliseconds {
            text += "\(milliseconds / unit.milliseconds)\(unit.name)"
            milliseconds %= unit.milliseconds
        }
        return text.isEmpty ? "\(span)" : text
    }
}
