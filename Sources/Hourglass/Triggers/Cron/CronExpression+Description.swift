extension CronExpression {
    /// When the expression fires, in plain English on a 24-hour clock, in the style of
    /// cronstrue: `"0 9 * * mon-fri"` reads "At 09:00, Monday through Friday".
    ///
    /// It is computed from the compiled schedule, so a crontab string and ``CronFields``
    /// with the same meaning read the same. Clauses come in the order time, days, months,
    /// ISO weeks, years, and the zone of a leading `CRON_TZ=`. Hashed values (`H`) read
    /// as the values they picked.
    public var humanDescription: String {
        let zoneClause = timeZone.map { ["in time zone \($0.identifier)"] } ?? []
        let sentence = (CronDescriber(schedule: schedule).clauses + zoneClause).joined(separator: ", ")
        return sentence.prefix(1).uppercased() + sentence.dropFirst()
    }
}

/// The shape of the set of values one field allows.
private enum FieldShape: Equatable {
    /// Every value of the field.
    case all
    case single(Int)
    /// `*/n`: every n-th value from the field's minimum.
    case step(Int)
    /// Three or more consecutive values.
    case range(Int, Int)
    /// Three or more values `n` apart, not counted from the field's minimum.
    case steppedRange(Int, Int, step: Int)
    case list([Int])

    init(_ values: [Int], in bounds: ClosedRange<Int>) {
        guard let first = values.first, let last = values.last else {
            self = .list([])
            return
        }
        let step = values.count > 1 ? values[1] - values[0] : 0
        let isProgression = zip(values, values.dropFirst()).allSatisfy { $1 - $0 == step }
        if values.count == 1 {
            self = .single(first)
        } else if values.count == bounds.count {
            self = .all
        } else if isProgression, first == bounds.lowerBound, step > 1, last + step > bounds.upperBound,
            values.count >= 3 || bounds.count % step == 0
        {
            self = .step(step)
        } else if isProgression, values.count >= 3 {
            self = step == 1 ? .range(first, last) : .steppedRange(first, last, step: step)
        } else {
            self = .list(values)
        }
    }
}

/// Builds the clauses of ``CronExpression/humanDescription`` from a schedule.
private struct CronDescriber {
    let schedule: CronSchedule

    private static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    private static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]
    private static let occurrences = [1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"]

    var clauses: [String] { timeClauses + dayClauses + monthClauses + weekClauses + yearClauses }

    // MARK: Time of day

    private var timeClauses: [String] {
        let seconds = Self.values(schedule.seconds, 0...59), minutes = Self.values(schedule.minutes, 0...59)
        let hours = Self.values(schedule.hours, 0...23)
        let showSeconds = seconds != [0]
        let hourShape = FieldShape(hours, in: 0...23), minuteShape = FieldShape(minutes, in: 0...59)
        if let times = Self.clockTimes(seconds, minutes, hours, hourShape, showSeconds: showSeconds) {
            return ["at " + Self.joined(times)]
        }
        var clauses: [String] = []
        if showSeconds { clauses.append(Self.unitPhrase(FieldShape(seconds, in: 0...59), "second", per: "minute")) }
        if !showSeconds, minuteShape == .single(0) {
            switch hourShape {
            case .step(let n): return ["every \(n) hours"]
            case .steppedRange(let from, let through, let n): return ["every \(n) hours", Self.between(from, through)]
            default: clauses.append("every hour")
            }
        } else if minuteShape != .all || !showSeconds {
            clauses.append(Self.unitPhrase(minuteShape, "minute", per: "hour"))
        }
        if let hourClause = Self.hourPhrase(hourShape) { clauses.append(hourClause) }
        return clauses
    }

    /// The exact times of day, when there are few enough to list.
    private static func clockTimes(
        _ seconds: [Int], _ minutes: [Int], _ hours: [Int], _ hourShape: FieldShape, showSeconds: Bool
    ) -> [String]? {
        let perHour = seconds.count * minutes.count
        switch hourShape {
        case .all, .step: return nil
        // One time in each listed hour reads well however many hours there are.
        case .list where perHour == 1: break
        default: guard perHour * hours.count <= 4 else { return nil }
        }
        return hours.flatMap { hour in
            minutes.flatMap { minute in
                seconds.map { second in
                    clock(hour, minute) + (showSeconds ? ":" + twoDigits(second) : "")
                }
            }
        }
    }

    /// A seconds or minutes phrase: "every 5 minutes", "at 15 and 45 minutes past the hour".
    private static func unitPhrase(_ shape: FieldShape, _ unit: String, per parent: String) -> String {
        switch shape {
        case .all: return "every \(unit)"
        case .step(let n): return "every \(n) \(unit)s"
        case .single(let value): return "at \(value) \(value == 1 ? unit : unit + "s") past the \(parent)"
        case .list(let values): return "at \(joined(runs(values, String.init))) \(unit)s past the \(parent)"
        case .range(let from, let through):
            return "every \(unit), from \(from) through \(through) \(unit)s past the \(parent)"
        case .steppedRange(let from, let through, let n):
            return "every \(n) \(unit)s, from \(from) through \(through) \(unit)s past the \(parent)"
        }
    }

    private static func hourPhrase(_ shape: FieldShape) -> String? {
        switch shape {
        case .all: return nil
        case .step(let n): return "every \(n) hours"
        case .single(let hour): return between(hour, hour)
        case .range(let from, let through): return between(from, through)
        case .steppedRange(let from, let through, let n): return "every \(n) hours, " + between(from, through)
        case .list(let hours): return "during the " + joined(runs(hours) { clock($0, 0) }) + " hours"
        }
    }

    private static func between(_ from: Int, _ through: Int) -> String {
        "between \(clock(from, 0)) and \(clock(through, 59))"
    }

    // MARK: Days

    private var dayClauses: [String] {
        let monthDays = monthDayItems, weekdays = weekdayItems
        guard let monthDays, let weekdays else {
            // Either field matching every day makes cron's OR rule match every day.
            if schedule.dayCombination == .either { return [] }
            return monthDays.map { [Self.monthDayPhrase($0)] } ?? weekdays.map { [Self.weekdayPhrase($0)] } ?? []
        }
        let monthDayPhrase = Self.monthDayPhrase(monthDays)
        if schedule.dayCombination == .either {
            return [monthDayPhrase + " or on " + Self.weekdayNoun(weekdays.plain + weekdays.rules, weekdays)]
        }
        let plain = weekdays.plain.map { $0.contains(" ") ? $0 : "a " + $0 }
        return [monthDayPhrase, "if it is " + Self.weekdayNoun(plain + weekdays.rules, weekdays, conjunction: "or")]
    }

    /// The day-of-month items ("day 1", "the last weekday"), or nil when every day matches.
    private var monthDayItems: [String]? {
        let days = Self.values(UInt64(schedule.daysOfMonth), 1...31)
        if days.count == 31 { return nil }
        let plain = Self.numbered(days, in: 1...31, "day").map { [$0] } ?? []
        return plain + schedule.dayOfMonthRules.map(Self.rulePhrase)
    }

    private static func monthDayPhrase(_ items: [String]) -> String {
        // "3 days before the last day" is the one item that starts with a digit; it reads best without "on".
        (items.count == 1 && items.first?.first?.isNumber == true ? "" : "on ") + joined(items) + " of the month"
    }

    /// "day 1", "days 1 and 15", "every 2nd day from day 3 through 28", or nil for every value or none.
    private static func numbered(_ values: [Int], in bounds: ClosedRange<Int>, _ unit: String) -> String? {
        switch FieldShape(values, in: bounds) {
        case .all: return nil
        case .single(let value): return "\(unit) \(value)"
        case .step(let n): return "every \(ordinal(n)) \(unit)"
        case .range(let from, let through): return "\(unit)s \(from) through \(through)"
        case .steppedRange(let from, let through, let n):
            return "every \(ordinal(n)) \(unit) from \(unit) \(from) through \(through)"
        case .list(let values): return values.isEmpty ? nil : "\(unit)s " + joined(runs(values, String.init))
        }
    }

    private static func rulePhrase(_ rule: DayRule) -> String {
        switch rule {
        case .lastDay(let offset):
            return offset == 0 ? "the last day" : "\(offset) day\(offset == 1 ? "" : "s") before the last day"
        case .nearestWeekday(let day): return "the weekday nearest day \(day)"
        case .lastWeekday: return "the last weekday"
        case .nearestWeekdayBeforeLast(let offset):
            return offset == 0
                ? "the weekday nearest the last day"
                : "the weekday nearest \(offset) day\(offset == 1 ? "" : "s") before the last day"
        case .throughLastDay(let from, let step):
            return step == 1
                ? "day \(from) through the last day"
                : "every \(ordinal(step)) day from day \(from) through the last day"
        case .nthWeekday(let weekday, let occurrence):
            let name = weekdays.indices.contains(weekday) ? weekdays[weekday] : "day \(weekday)"
            return "the \(occurrences[occurrence] ?? ordinal(occurrence)) \(name)"
        }
    }

    /// The weekdays as names and runs ("Monday through Friday") and the weekday rules
    /// ("the last Friday"), or nil when every weekday matches.
    private var weekdayItems: (plain: [String], rules: [String])? {
        let days = Self.values(UInt64(schedule.daysOfWeek), 0...6)
        if days.count == 7 { return nil }
        // Monday first, unless starting on another day gives fewer pieces ("Sunday
        // through Thursday", or across the week's end "Friday through Monday").
        let piecesFrom = { (first: Int) in
            Self.runs(days.map { ($0 - first + 7) % 7 }.sorted()) { Self.weekdays[($0 + first) % 7] }
        }
        var plain = piecesFrom(1)
        for first in [0, 2, 3, 4, 5, 6] where piecesFrom(first).count < plain.count { plain = piecesFrom(first) }
        return (plain, schedule.dayOfWeekRules.map(Self.rulePhrase))
    }

    private static func weekdayPhrase(_ weekdays: (plain: [String], rules: [String])) -> String {
        let noun = weekdayNoun(weekdays.plain + weekdays.rules, weekdays)
        if !weekdays.rules.isEmpty { return "on " + noun }
        return weekdays.plain.count == 1 && noun.contains(" through ") ? noun : "only on " + noun
    }

    private static func weekdayNoun(
        _ items: [String], _ weekdays: (plain: [String], rules: [String]), conjunction: String = "and"
    ) -> String {
        joined(items, conjunction) + (weekdays.rules.isEmpty ? "" : " of the month")
    }

    // MARK: Months, weeks and years

    private var monthClauses: [String] {
        let name = { (month: Int) in Self.months.indices.contains(month - 1) ? Self.months[month - 1] : "\(month)" }
        return Self.periodPhrase(FieldShape(Self.values(UInt64(schedule.months), 1...12), in: 1...12), "month", name)
    }

    private var weekClauses: [String] {
        guard let isoWeeks = schedule.isoWeeks else { return [] }
        return Self.numbered(Self.values(isoWeeks, 1...53), in: 1...53, "ISO week").map { ["in " + $0] } ?? []
    }

    private var yearClauses: [String] {
        guard let years = schedule.years?.years else { return [] }
        let shape = FieldShape(years, in: CivilCalendar.minimumYear...CivilCalendar.maximumYear)
        if case .range(let from, CivilCalendar.maximumYear) = shape { return ["in \(from) or later"] }
        return Self.periodPhrase(shape, "year", String.init)
    }

    /// A months or years phrase: "only in January", "in 2026 through 2028", "every 3 months".
    private static func periodPhrase(_ shape: FieldShape, _ unit: String, _ name: (Int) -> String) -> [String] {
        switch shape {
        case .all: return []
        case .single(let value): return ["only in " + name(value)]
        case .step(let n): return ["every \(n) \(unit)s"]
        case .range(let from, let through): return ["in \(name(from)) through \(name(through))"]
        case .steppedRange(let from, let through, let n):
            return ["every \(n) \(unit)s, in \(name(from)) through \(name(through))"]
        case .list(let values): return ["only in " + joined(runs(values, name))]
        }
    }

    // MARK: Words

    /// The values whose bits are set, in order.
    private static func values(_ bits: UInt64, _ bounds: ClosedRange<Int>) -> [Int] {
        bounds.filter { $0 >= 0 && $0 < 64 && bits & (1 << UInt64($0)) != 0 }
    }

    /// Sorted values with runs of three or more written as "A through B".
    private static func runs(_ values: [Int], _ name: (Int) -> String) -> [String] {
        var pieces: [String] = []
        var start = 0
        while start < values.count {
            var end = start
            while end + 1 < values.count, values[end + 1] == values[end] + 1 { end += 1 }
            if end - start >= 2 {
                pieces.append("\(name(values[start])) through \(name(values[end]))")
            } else {
                pieces += values[start...end].map(name)
            }
            start = end + 1
        }
        return pieces
    }

    /// "A", "A and B", "A, B and C".
    private static func joined(_ items: [String], _ conjunction: String = "and") -> String {
        guard let last = items.last, items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " \(conjunction) " + last
    }

    private static func ordinal(_ n: Int) -> String {
        let suffix = (11...13).contains(n % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][n % 10] ?? "th"
        return "\(n)\(suffix)"
    }

    private static func twoDigits(_ n: Int) -> String { n < 10 && n >= 0 ? "0\(n)" : "\(n)" }

    private static func clock(_ hour: Int, _ minute: Int) -> String { twoDigits(hour) + ":" + twoDigits(minute) }
}
