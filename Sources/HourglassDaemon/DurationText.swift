import Foundation

/// Spans of time written as in configuration files: `250ms`, `30s`, `5m`, `2h`, `1d`, or
/// several together, such as `1h30m`.
public enum DurationText {
    /// The span `text` names, or nil when it is not one.
    public static func parse(_ text: String) -> Duration? {
        var total = Duration.zero
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isNumber }
            guard let amount = Int64(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            let unit = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(unit.count)
            switch unit {
            case "ms": total += .milliseconds(amount)
            case "s": total += .seconds(amount)
            case "m": total += .seconds(amount * 60)
            case "h": total += .seconds(amount * 3_600)
            case "d": total += .seconds(amount * 86_400)
            default: return nil
            }
        }
        return total
    }
}
