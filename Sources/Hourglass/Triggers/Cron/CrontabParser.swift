import Foundation

/// Parses crontab strings (Vixie cron with Quartz's day extensions) into a schedule.
enum CrontabParser {
    static let nicknames: [String: String] = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
        "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]

    /// A parsed crontab string.
    struct Parsed {
        var schedule: CronSchedule
        /// Whether the job is a wildcard job (its second, minute or hour field starts
        /// with `*`) for the DST rules.
        var isWildcard: Bool
        /// The zone of a leading `CRON_TZ=` or `TZ=`, nil without one.
        var timeZone: TimeZone?
    }

    /// Parses `expression`; `hashID` is the job id that `H` values are hashed from.
    static func parse(_ expression: String, hashID: String? = nil) throws(TriggerError) -> Parsed {
        var tokens = fields(of: expression)[...]
        var timeZone: TimeZone?
        if let first = tokens.first, let zone = try leadingZone(first) {
            timeZone = zone
            tokens = tokens.dropFirst()
        }
        if let first = tokens.first, first.text.hasPrefix("@") {
            try checkNickname(first, standsAlone: tokens.count == 1)
            let expansion = nicknames[first.text.lowercased()] ?? ""
            // The expansion's positions are its own; it is known to be valid.
            var parsed = try parse(expansion)
            parsed.timeZone = timeZone
            return parsed
        }
        var parsed = try parseFields(Array(tokens), expression: expression, hashID: hashID)
        parsed.timeZone = timeZone
        return parsed
    }

    /// The zone of a leading `CRON_TZ=Zone` or `TZ=Zone`, nil when `token` is neither.
    private static func leadingZone(_ token: CronToken) throws(TriggerError) -> TimeZone? {
        for prefix in ["CRON_TZ=", "TZ="] where token.text.hasPrefix(prefix) {
            let name = token.dropFirst(prefix.count)
            guard !name.text.isEmpty else {
                throw .invalid(
                    "time zone", String(token.text), at: token.position,
                    "needs a zone name after '\(prefix)', such as \(prefix)Europe/Berlin")
            }
            do {
                return try TimeZone.named(String(name.text))
            } catch {
                throw .invalid(
                    "time zone", String(name.text), at: name.position,
                    "is not a time zone; use an IANA name such as Europe/Berlin or UTC")
            }
        }
        return nil
    }

    private static func checkNickname(_ first: CronToken, standsAlone: Bool) throws(TriggerError) {
        let lowered = first.text.lowercased()
        if lowered == "@reboot" {
            throw .invalid(
                "expression", String(first.text), at: first.position,
                "has no fire times: it runs a job once each time the hourglass daemon starts, so it works only "
                    + "in the daemon's configuration file (cron: \"@reboot\") and crontab files; in Swift, add the "
                    + "job with RebootTrigger")
        }
        if lowered == "@every" {
            throw .invalid(
                "expression", String(first.text), at: first.position,
                "is an interval, not a cron expression: it works in the daemon's configuration file and crontab "
                    + "files (cron: \"@every 90s\"); in Swift, use IntervalTrigger")
        }
        guard standsAlone, nicknames[lowered] != nil else {
            throw .invalid(
                "expression", String(first.text), at: first.position,
                standsAlone
                    ? "is not a nickname; use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly"
                    : "is a nickname and must stand alone")
        }
    }

    private static func parseFields(_ tokens: [CronToken], expression: String, hashID: String?)
        throws(TriggerError) -> Parsed
    {
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
        let rules = CronFieldSyntax.ItemRules.crontab(hashID: hashID)

        var schedule = CronSchedule()
        schedule.seconds = try second.map { token throws(TriggerError) in try bits(token, .second, rules) } ?? 1
        schedule.minutes = try bits(minute, .minute, rules)
        schedule.hours = try bits(hour, .hour, rules)
        schedule.months = UInt16(try bits(month, .month, rules))
        let days = try parseDayOfMonth(dayOfMonth, rules)
        let weekdays = try parseDayOfWeek(dayOfWeek, rules)
        schedule.daysOfMonth = days.bits
        schedule.dayOfMonthRules = days.rules
        schedule.daysOfWeek = weekdays.bits
        schedule.dayOfWeekRules = weekdays.rules
        schedule.dayCombination = days.restricted && weekdays.restricted ? .either : .both
        if let year {
            // Years do not wrap: 9999 is not followed by 1970.
            var yearRules = rules
            yearRules.wraps = false
            var years = YearSet()
            for item in year.split(",") {
                try checkListItem(item, in: year, field: .year)
                for value in try CronFieldSyntax.year.values(of: item, yearRules) { years.insert(value) }
            }
            schedule.years = years
        }
        let isWildcard = [second, minute, hour].contains { $0?.text.hasPrefix("*") == true }
        return Parsed(schedule: schedule, isWildcard: isWildcard)
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
    private static func bits(_ field: CronToken, _ syntax: CronFieldSyntax, _ rules: CronFieldSyntax.ItemRules)
        throws(TriggerError) -> UInt64
    {
        var result: UInt64 = 0
        for item in field.split(",") {
            try checkListItem(item, in: field, field: syntax)
            if item.text == "?" {
                throw .invalid(syntax.name, "?", at: item.position, "is only allowed in day-of-month and day-of-week")
            }
            for value in try syntax.values(of: item, rules) { result |= 1 << UInt64(value) }
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

    private static func parseDayOfMonth(_ field: CronToken, _ itemRules: CronFieldSyntax.ItemRules) throws(TriggerError)
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
            } else if text.hasPrefix("L-"), text.hasSuffix("W") {
                let offset = item.dropFirst(2)
                let digits = offset.text.dropLast()
                guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), let days = Int(digits), (0...30).contains(days)
                else {
                    throw .invalid(syntax.name, String(item.text), at: item.position, "needs 'L-nW' with n from 0 to 30")
                }
                rules.append(.nearestWeekdayBeforeLast(offset: days))
            } else if let range = try throughLastDay(item, syntax) {
                rules.append(range)
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
                for value in try syntax.values(of: item, itemRules) { bits |= 1 << UInt32(value) }
            }
        }
        return (bits, rules, !field.text.hasPrefix("*"))
    }

    /// A range that ends at the month's last day (`25-L`, `1-L/8`), nil for other items.
    private static func throughLastDay(_ item: CronToken, _ syntax: CronFieldSyntax) throws(TriggerError) -> DayRule? {
        let parts = item.split("/")
        guard parts.count <= 2, parts[0].text.uppercased().hasSuffix("-L"), parts[0].text.count > 2 else { return nil }
        let from = try syntax.value(of: CronToken(text: parts[0].text.dropLast(2), position: parts[0].position))
        var step = 1
        if parts.count == 2 {
            guard let parsed = Int(parts[1].text), parts[1].text.allSatisfy(\.isASCIIDigit), parsed >= 1 else {
                throw .invalid(syntax.name, String(item.text), at: item.position, "needs a whole number of at least 1 after '/'")
            }
            step = parsed
        }
        return .throughLastDay(from: from, step: step)
    }

    private static func parseDayOfWeek(_ field: CronToken, _ itemRules: CronFieldSyntax.ItemRules) throws(TriggerError)
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
                for value in try syntax.values(of: item, itemRules) { bits |= 1 << UInt8(value % 7) }
            }
        }
        return (bits, rules, !field.text.hasPrefix("*"))
    }
}
