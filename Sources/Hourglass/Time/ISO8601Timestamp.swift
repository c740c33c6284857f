import Foundation

/// ISO-8601 timestamps with a numeric UTC offset (`2025-03-09T03:00:00-04:00`), the form
/// in which Hourglass prints fire times and reads instants on the command line.
public enum ISO8601Timestamp {
    /// `date` as wall time in `timeZone` with that zone's offset at that instant
    /// (`+00:00` for UTC, never `Z`). Fractional seconds appear only when present, to the millisecond.
    public static func format(_ date: Date, in timeZone: TimeZone) -> String {
        let seconds = date.timeIntervalSince1970
        // Clamped to the calendar's years, so that an instant far outside (or NaN) cannot trap.
        let whole = TimeLimits.wholeSeconds(date, rounded: .down)
        let fraction = seconds - Double(whole)
        let milliseconds = (0..<1).contains(fraction) ? Int((fraction * 1_000).rounded()) : 0
        return text(whole: whole, milliseconds: milliseconds > 0 && milliseconds < 1_000 ? milliseconds : nil, in: timeZone)
    }

    /// `date` as ``format(_:in:)`` writes it, always with three digits of milliseconds
    /// (`2026-03-27T12:00:00.042+01:00`), cut rather than rounded so that a time never reads
    /// later than it was: how log lines are stamped.
    public static func formatWithMilliseconds(_ date: Date, in timeZone: TimeZone) -> String {
        let whole = TimeLimits.wholeSeconds(date, rounded: .down)
        let fraction = date.timeIntervalSince1970 - Double(whole)
        let milliseconds = (0..<1).contains(fraction) ? min(Int((fraction * 1_000).rounded(.down)), 999) : 0
        return text(whole: whole, milliseconds: milliseconds, in: timeZone)
    }

    /// The second `whole` (since 1970) as wall time in `timeZone`, with `.mmm` when given.
    private static func text(whole: Int64, milliseconds: Int?, in timeZone: TimeZone) -> String {
        let offset = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(whole))))
        let c = CivilCalendar.components(wallSeconds: whole + offset)
        var text = pad(c.year, 4) + "-" + pad(c.month, 2) + "-" + pad(c.day, 2) + "T" + pad(c.hour, 2) + ":"
            + pad(c.minute, 2) + ":" + pad(c.second, 2)
        if let milliseconds { text += "." + pad(milliseconds, 3) }
        let absolute = abs(offset)
        text += (offset < 0 ? "-" : "+") + pad(Int(absolute / 3_600), 2) + ":" + pad(Int(absolute % 3_600 / 60), 2)
        return text
    }

    /// Reads `YYYY-MM-DDTHH:MM[:SS[.fraction]]` followed by `Z` or `±HH:MM`; nil when the
    /// text is not of that form or names an impossible date.
    public static func parse(_ text: String) -> Date? {
        let characters = Array(text.utf8)
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= characters.count else { return nil }
            var value = 0
            for _ in 0..<digits {
                let c = characters[index]
                guard c >= 48 && c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
                index += 1
            }
            return value
        }
        func expect(_ character: UInt8) -> Bool {
            guard index < characters.count, characters[index] == character else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect(45), let month = number(2), expect(45), let day = number(2),
            index < characters.count, characters[index] == 84 || characters[index] == 32 || characters[index] == 116
        else { return nil }
        index += 1
        guard let hour = number(2), expect(58), let minute = number(2) else { return nil }
        var second = 0
        var fraction = 0.0
        if expect(58) {
            guard let parsed = number(2) else { return nil }
            second = parsed
            if expect(46) {
                var scale = 0.1
                let begin = index
                while index < characters.count, characters[index] >= 48, characters[index] <= 57 {
                    fraction += Double(characters[index] - 48) * scale
                    scale /= 10
                    index += 1
                }
                guard index > begin else { return nil }
            }
        }
        var offset = 0
        if expect(90) || expect(122) {
            offset = 0
        } else if index < characters.count, characters[index] == 43 || characters[index] == 45 {
            let sign = characters[index] == 45 ? -1 : 1
            index += 1
            guard let hours = number(2) else { return nil }
            _ = expect(58)
            guard let minutes = number(2) else { return nil }
            offset = sign * (hours * 3_600 + minutes * 60)
        } else {
            return nil
        }
        guard index == characters.count, (1...12).contains(month),
            (1...CivilCalendar.daysInMonth(year: year, month: month)).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }
        let wall = CivilCalendar.wallSeconds(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        return Date(timeIntervalSince1970: Double(wall - Int64(offset)) + fraction)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
