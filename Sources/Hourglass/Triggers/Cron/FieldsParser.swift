/// Compiles ``CronFields`` (APScheduler's semantics) into a schedule.
enum FieldsParser {
    private static let ordinals = ["1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "last": -1]

    static func parse(_ fields: CronFields) throws(TriggerError) -> (schedule: CronSchedule, isWildcard: Bool) {
        let values = fields.resolved
        let year = values[0], month = values[1], day = values[2], week = values[3]
        let dayOfWeek = values[4], hour = values[5], minute = values[6], second = values[7]

        var schedule = CronSchedule()
        schedule.dayCombination = .both
        if year != "*" {
            var years = YearSet()
            for item in try items(year, .year) {
                for value in try CronFieldSyntax.year.values(of: item) { years.insert(value) }
            }
            schedule.years = years
        }
        schedule.months = UInt16(try bits(month, .month))
        let days = try parseDay(day)
        schedule.daysOfMonth = days.bits
        schedule.dayOfMonthRules = days.rules
        if week != "*" {
            schedule.isoWeeks = try bits(week, .isoWeek)
        }
        // Monday-based values to Sunday-based bits.
        let mondayBased = try bits(dayOfWeek, .fieldsDayOfWeek)
        schedule.daysOfWeek = UInt8(((mondayBased << 1) | (mondayBased >> 6)) & 0x7F)
        schedule.hours = try bits(hour, .hour)
        schedule.minutes = try bits(minute, .minute)
        schedule.seconds = try bits(second, .second)
        let isWildcard = [hour, minute, second].contains { $0.hasPrefix("*") }
        return (schedule, isWildcard)
    }

    private static func items(_ text: String, _ syntax: CronFieldSyntax) throws(TriggerError) -> [CronToken] {
        let field = CronToken(text: Substring(text), position: 1)
        let items = field.split(",").map { item in
            // APScheduler ignores spaces around list items.
            let leading = item.text.prefix { $0 == " " }.count
            return CronToken(text: item.text.dropFirst(leading).trimmingTrailingSpaces, position: item.position + leading)
        }
        for item in items where item.text.isEmpty {
            throw .invalid(syntax.name, text, at: item.position, "has an empty item in its list")
        }
        return items
    }

    private static func bits(_ text: String, _ syntax: CronFieldSyntax) throws(TriggerError) -> UInt64 {
        var result: UInt64 = 0
        for item in try items(text, syntax) {
            for value in try syntax.values(of: item) { result |= 1 << UInt64(value) }
        }
        return result
    }

    private static func parseDay(_ text: String) throws(TriggerError) -> (bits: UInt32, rules: [DayRule]) {
        let syntax = CronFieldSyntax.dayOfMonth.named("day")
        var bits: UInt32 = 0
        var rules: [DayRule] = []
        for item in try items(text, syntax) {
            let words = item.text.lowercased().split(separator: " ", omittingEmptySubsequences: true)
            if words == ["last"] {
                rules.append(.lastDay(offset: 0))
            } else if words.count == 2, let occurrence = ordinals[String(words[0])] {
                guard let weekday = CronFieldSyntax.weekdayNames.firstIndex(of: String(words[1])) else {
                    throw .invalid(syntax.name, String(item.text), at: item.position, "does not end in a weekday (mon...sun)")
                }
                rules.append(.nthWeekday(weekday: weekday, occurrence: occurrence))
            } else if words.count == 1, ordinals[String(words[0])] != nil {
                throw .invalid(
                    syntax.name, String(item.text), at: item.position,
                    "needs a weekday after it ('\(item.text) mon'), or use 'last' alone for the last day")
            } else {
                for value in try syntax.values(of: item) { bits |= 1 << UInt32(value) }
            }
        }
        return (bits, rules)
    }
}

extension Substring {
    var trimmingTrailingSpaces: Substring {
        var result = self
        while result.last == " " { result = result.dropLast() }
        return result
    }
}
