/// Parses crontab strings (Vixie cron with Quartz's day extensions) into a schedule.
enum CrontabParser {
    static let nicknames: [String: String] = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
        "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]

    /// The schedule, and whether the job is a wildcard job (its second, minute or hour
    /// field starts with `*`) for the DST rules.
    static func parse(_ expression: String) throws(TriggerError) -> (schedule: CronSchedule, isWildcard: Bool) {
        let tokens = fields(of: expression)
        if let first = tokens.first, first.text.hasPrefix("@") {
            if first.text.lowercased() == "@reboot" {
                throw .invalid(
                    "expression", String(first.text), at: first.position,
                    "has no fire times: it runs a job once each time the hourglass daemon starts, so it works only "
                        + "in the daemon's configuration file (cron: \"@reboot\"); in Swift, add the job with RebootTrigger")
            }
            guard tokens.count == 1, let expansion = nicknames[first.text.lowercased()] else {
                throw .invalid(
                    "expression", String(first.text), at: first.position,
                    tokens.count == 1
                        ? "is not a nickname; use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly"
                        : "is a nickname and must stand alone")
            }
            return try parse(expansion)
        }
        let second: CronToken?
        let rest: ArraySlice<CronToken>
        let year: CronToken?
        switch tokens.count {
        case 5: (second, rest, year) = (nil, tokens[0..<5], nil)
        case 6: (second, rest, year) = (tokens[0], tokens[1..<6], nil)
        case 7: (second, rest, year) = (tokens[0], tokens[1..<6], tokens[6])
        default:
            throw .invalid(
                "expression", expression.isEmpty ? nil : expression, at: nil,
                "has \(tokens.count) fields; a crontab expression has 5 (minute hour day-of-month month day-of-week), "
                    + "6 (with a leading second) or 7 (with a trailing year)")
        }
        let minute = rest[rest.startIndex], hour = rest[rest.startIndex + 1]
        let dayOfMonth = rest[rest.startIndex + 2], month = rest[rest.startIndex + 3]
        let dayOfWeek = rest[rest.startIndex + 4]

        var schedule = CronSchedule()
        schedule.seconds = try second.map { token throws(TriggerError) in try bits(token, .second) } ?? 1
        schedule.minutes = try bits(minute, .minute)
        schedule.hours = try bits(hour, .hour)
        schedule.months = UInt16(try bits(month, .month))
        let days = try parseDayOfMonth(dayOfMonth)
        let weekdays = try parseDayOfWeek(dayOfWeek)
        schedule.daysOfMonth = days.bits
        schedule.dayOfMonthRules = days.rules
        schedule.daysOfWeek = weekdays.bits
        schedule.dayOfWeekRules = weekdays.rules
        schedule.dayCombination = days.restricted && weekdays.restricted ? .either : .both
        if let year {
            var years = YearSet()
            for item in year.split(",") {
                try checkListItem(item, in: year, field: .year)
                for value in try CronFieldSyntax.year.values(of: item) { years.insert(value) }
            }
            schedule.years = years
        }
        let isWildcard = [second, minute, hour].contains { $0?.text.hasPrefix("*") == true }
        return (schedule, isWildcard)
    }

    /// The whitespace-separated fields, with their positions.
    static func fields(of expression: String) -> [CronToken] {
        var tokens: [CronToken] = []
        var start: String.Index?
        var startPosition = 0
        var position = 0
        var index = expression.startIndex
        while index < expression.endIndex {
            position += 1
            if expression[index].isWhitespace {
                if let begun = start {
                    tokens.append(CronToken(text: expression[begun..<index], position: startPosition))
                    start = nil
                }
            } else if start == nil {
                start = index
                startPosition = position
            }
            index = expression.index(after: index)
        }
        if let begun = start {
            tokens.append(CronToken(text: expression[begun..<expression.endIndex], position: startPosition))
        }
        return tokens
    }

    private static func checkListItem(_ item: CronToken, in field: CronToken, field syntax: CronFieldSyntax) throws(TriggerError) {
        if item.text.isEmpty {
            throw .invalid(syntax.name, String(field.text), at: field.position, "has an empty item in its list")
        }
    }

    /// A field of the standard grammar as a bit set.
    private static func bits(_ field: CronToken, _ syntax: CronFieldSyntax) throws(TriggerError) -> UInt64 {
        var result: UInt64 = 0
        for item in field.split(",") {
            try checkListItem(item, in: field, field: syntax)
            if item.text == "?" {
                throw .invalid(syntax.name, "?", at: item.position, "is only allowed in day-of-month and day-of-week")
            }
            for value in try syntax.values(of: item) { result |= 1 << UInt64(value) }
        }
        return result
    }

    /// Checks that `?` stands alone in a day field; returns true when the field is `?`.
    private static func isQuestionMark(_ field: CronToken, _ syntax: CronFieldSyntax) throws(TriggerError) -> Bool {
        if field.text == "?" { return true }
        if let index = field.text.firstIndex(of: "?") {
            throw .invalid(
                syntax.name, "?", at: field.position + field.text.distance(from: field.text.startIndex, to: index),
                "must stand alone in its field")
        }
        return false
    }

    private static func parseDayOfMonth(_ field: CronToken) throws(TriggerError)
        -> (bits: UInt32, rules: [DayRule], restricted: Bool)
    {
        let syntax = CronFieldSyntax.dayOfMonth
        if try isQuestionMark(field, syntax) { return (0xFFFF_FFFE, [], false) }
        var bits: UInt32 = 0
        var rules: [DayRule] = []
        for item in field.split(",") {
            try checkListItem(item, in: field, field: syntax)
            let text = item.text.uppercased()
            if text == "L" {
                rules.append(.lastDay(offset: 0))
            } else if text == "LW" {
                rules.append(.lastWeekday)
            } else if text.hasPrefix("L-") {
                let offset = item.dropFirst(2)
                guard !offset.text.isEmpty, offset.text.allSatisfy(\.isASCIIDigit), let days = Int(offset.text),
                    (0...30).contains(days)
                else {
                    throw .invalid(syntax.name, String(item.text), at: item.position, "needs 'L-n' with n from 0 to 30")
                }
                rules.append(.lastDay(offset: days))
            } else if text.hasSuffix("W"), text.count > 1 {
                let day = try syntax.value(of: CronToken(text: item.text.dropLast(), position: item.position))
                rules.append(.nearestWeekday(day: day))
            } else {
                for value in try syntax.values(of: item) { bits |= 1 << UInt32(value) }
            }
        }
        return (bits, rules, !field.text.hasPrefix("*"))
    }

    private static func parseDayOfWeek(_ field: CronToken) throws(TriggerError)
        -> (bits: UInt8, rules: [DayRule], restricted: Bool)
    {
        let syntax = CronFieldSyntax.crontabDayOfWeek
        if try isQuestionMark(field, syntax) { return (0x7F, [], false) }
        var bits: UInt8 = 0
        var rules: [DayRule] = []
        for item in field.split(",") {
            try checkListItem(item, in: field, field: syntax)
            let hashes = item.split("#")
            if hashes.count > 2 {
                throw .invalid(syntax.name, String(item.text), at: item.position, "needs 'd#n' with one '#'")
            }
            if hashes.count == 2 {
                let weekday = try syntax.value(of: hashes[0]) % 7
                let occurrence = hashes[1]
                guard occurrence.text.count == 1, let n = Int(occurrence.text), (1...5).contains(n) else {
                    throw .invalid(
                        syntax.name, String(occurrence.text), at: occurrence.position,
                        "must be an occurrence from 1 to 5 in 'd#n'")
                }
                rules.append(.nthWeekday(weekday: weekday, occurrence: n))
            } else if item.text.count > 1, item.text.last == "L" || item.text.last == "l" {
                let weekday = try syntax.value(of: CronToken(text: item.text.dropLast(), position: item.position)) % 7
                rules.append(.nthWeekday(weekday: weekday, occurrence: -1))
            } else {
                for value in try syntax.values(of: item) { bits |= 1 << UInt8(value % 7) }
            }
        }
        return (bits, rules, !field.text.hasPrefix("*"))
    }
}
