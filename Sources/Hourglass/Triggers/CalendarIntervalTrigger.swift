import Foundation

/// Fires every N years, months, weeks or days at one wall-clock time of day.
///
/// ```swift
/// // The last day of every month at 18:00 in Berlin.
/// let trigger = try CalendarIntervalTrigger(
///     months: 1, at: .init(hour: 18), startDate: .init(year: 2026, month: 1, day: 31),
///     monthEnd: .clamp, timeZone: .named("Europe/Berlin"))
/// ```
///
/// Calendar-interval triggers are fixed-time jobs for daylight saving time: a time of day
/// that a gap skips runs at the first instant after the gap; one that an overlap repeats
/// runs in the first pass (see ``DaylightSavingPolicy``).
public struct CalendarIntervalTrigger: Trigger, Hashable {
    public static let typeName = "calendarInterval"

    /// What happens when the start day does not exist in a month (the 31st in April).
    public struct MonthEnd: Sendable, Hashable, Codable {
        private enum Kind: String, Codable { case clamp, skip }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// Run on the last day of that month instead.
        public static let clamp = MonthEnd(.clamp)
        /// Skip that month.
        public static let skip = MonthEnd(.skip)

        public init(from decoder: any Decoder) throws { kind = try Kind(from: decoder) }
        public func encode(to encoder: any Encoder) throws { try kind.encode(to: encoder) }
    }

    /// A time of day on the wall clock.
    public struct TimeOfDay: Sendable, Hashable, Codable {
        /// 0-23.
        public var hour: Int
        /// 0-59.
        public var minute: Int
        /// 0-59.
        public var second: Int

        /// A time of day; minute and second default to 0.
        public init(hour: Int, minute: Int = 0, second: Int = 0) {
            self.hour = hour
            self.minute = minute
            self.second = second
        }
    }

    /// A date on the calendar, without a time or zone.
    public struct CivilDate: Sendable, Hashable, Codable, Comparable {
        public var year: Int
        public var month: Int
        public var day: Int

        /// A calendar date.
        public init(year: Int, month: Int, day: Int) {
            self.year = year
            self.month = month
            self.day = day
        }

        var dayNumber: Int64 { CivilCalendar.days(year: year, month: month, day: day) }

        public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
            (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
        }
    }

    /// Months to add per step (years count as 12 months).
    public let months: Int
    /// Days to add per step (weeks count as 7 days).
    public let days: Int
    /// The wall-clock time of each run.
    public let time: TimeOfDay
    /// The date of the first run.
    public let startDate: CivilDate
    /// The date of the last possible run (inclusive).
    public let endDate: CivilDate?
    /// How a start day that a month lacks is handled.
    public let monthEnd: MonthEnd
    /// The zone whose wall clock `time` is read in.
    public let timeZone: TimeZone
    public let jitter: Duration?
    /// How gaps and overlaps of daylight saving time are handled (fixed-time rules by default).
    public let daylightSaving: DaylightSavingPolicy

    private let zone: ZoneTransitions

    /// A trigger that fires every `years`/`months`/`weeks`/`days` at `time`, from `startDate`.
    ///
    /// - Throws: ``TriggerError/Code/invalidArgument`` when no step is given, a value is
    ///   negative or out of range, the step is longer than 10,000 years
    ///   (``TimeLimits/maximumCalendarMonths``, ``TimeLimits/maximumCalendarDays``), or
    ///   `endDate` is before `startDate`.
    public init(
        years: Int = 0, months: Int = 0, weeks: Int = 0, days: Int = 0, at time: TimeOfDay = .init(hour: 0),
        startDate: CivilDate, endDate: CivilDate? = nil, monthEnd: MonthEnd = .clamp, timeZone: TimeZone = .gmt,
        jitter: Duration? = nil, daylightSaving: DaylightSavingPolicy = .automatic
    ) throws(TriggerError) {
        guard years >= 0, months >= 0, weeks >= 0, days >= 0 else {
            throw .invalidArgument("interval", "has a negative part; years, months, weeks and days must be 0 or more")
        }
        try Self.checkStep(years: years, months: months, weeks: weeks, days: days)
        guard years + months + weeks + days > 0 else {
            throw .invalidArgument("interval", "is empty; give at least one of years, months, weeks or days")
        }
        guard (0...23).contains(time.hour), (0...59).contains(time.minute), (0...59).contains(time.second) else {
            throw .invalidArgument("time", "\(time.hour):\(time.minute):\(time.second) is not a time of day")
        }
        for date in [startDate] + (endDate.map { [$0] } ?? []) {
            guard (1...CivilCalendar.maximumYear).contains(date.year), (1...12).contains(date.month),
                (1...CivilCalendar.daysInMonth(year: date.year, month: date.month)).contains(date.day)
            else {
                throw .invalidArgument("date", "\(date.year)-\(date.month)-\(date.day) is not a calendar date")
            }
        }
        if let endDate, endDate < startDate {
            throw .invalidArgument("endDate", "is before startDate; the trigger could never fire")
        }
        self.months = years * 12 + months
        self.days = weeks * 7 + days
        self.time = time
        self.startDate = startDate
        self.endDate = endDate
        self.monthEnd = monthEnd
        self.timeZone = timeZone
        self.jitter = try TriggerError.checked(jitter: jitter)
        self.daylightSaving = daylightSaving
        zone = ZoneTransitions.shared(for: timeZone)
    }

    /// Refuses a step of more than 10,000 years, in any part or in months and days added up,
    /// so that stepping through the calendar's years never overflows.
    private static func checkStep(years: Int, months: Int, weeks: Int, days: Int) throws(TriggerError) {
        let monthsLimit = TimeLimits.maximumCalendarMonths
        let daysLimit = TimeLimits.maximumCalendarDays
        let parts = [
            ("years", years, monthsLimit / 12, "years"), ("months", months, monthsLimit, "months"),
            ("weeks", weeks, daysLimit / 7, "weeks"), ("days", days, daysLimit, "days"),
        ]
        for (field, value, limit, unit) in parts where value > limit {
            throw TriggerError(
                code: .invalidArgument, field: field, text: "\(value)",
                reason: "is more than \(limit) \(unit); a step may be at most 10,000 years")
        }
        // Each part is within its limit, so these sums cannot overflow.
        if years * 12 + months > monthsLimit {
            throw TriggerError(
                code: .invalidArgument, field: "months", text: "\(months)",
                reason: "and \(years) years add up to more than \(monthsLimit) months; a step may be at most 10,000 years")
        }
        if weeks * 7 + days > daysLimit {
            throw TriggerError(
                code: .invalidArgument, field: "days", text: "\(days)",
                reason: "and \(weeks) weeks add up to more than \(daysLimit) days; a step may be at most 10,000 years")
        }
    }

    public func nextFireTime(after date: Date) -> Date? {
        let rules = daylightSaving.resolved(isWildcard: false)
        let after = TimeLimits.wholeSeconds(date, rounded: .down)
        return rules.nextInstant(after: after, in: zone, schedule: self).map { Date(timeIntervalSince1970: Double($0)) }
    }

    /// The date of step `step`, or nil when `.skip` drops it.
    func date(ofStep step: Int) -> CivilDate? {
        var total = startDate.month - 1 + months * step
        let year = startDate.year + total / 12
        total %= 12
        let month = total + 1
        let length = CivilCalendar.daysInMonth(year: year, month: month)
        var day = startDate.day
        if day > length {
            guard monthEnd == .clamp else { return nil }
            day = length
        }
        guard days > 0 else { return CivilDate(year: year, month: month, day: day) }
        let (y, m, d) = CivilCalendar.date(days: CivilCalendar.days(year: year, month: month, day: day) + Int64(days * step))
        return CivilDate(year: y, month: m, day: d)
    }

    public var description: String {
        "every \(months) months and \(days) days at \(time.hour):\(time.minute):\(time.second) in \(timeZone.displayName)"
    }

    public static func == (lhs: CalendarIntervalTrigger, rhs: CalendarIntervalTrigger) -> Bool {
        lhs.months == rhs.months && lhs.days == rhs.days && lhs.time == rhs.time && lhs.startDate == rhs.startDate
            && lhs.endDate == rhs.endDate && lhs.monthEnd == rhs.monthEnd
            && lhs.timeZone.identifier == rhs.timeZone.identifier && lhs.jitter == rhs.jitter
            && lhs.daylightSaving == rhs.daylightSaving
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(months)
        hasher.combine(days)
        hasher.combine(startDate)
        hasher.combine(timeZone.identifier)
    }
}

extension CalendarIntervalTrigger: WallClockSchedule {
    /// The first run's wall time at or after `wall`.
    func nextWallTime(atOrAfter wall: Int64) -> Int64? {
        let secondOfDay = Int64(time.hour * 3_600 + time.minute * 60 + time.second)
        let targetDay = CivilCalendar.floorDivide(wall - secondOfDay + CivilCalendar.secondsPerDay - 1, CivilCalendar.secondsPerDay)
        // Estimate the step from the elapsed days, then walk forward.
        let elapsedDays = targetDay - startDate.dayNumber
        let daysPerStep = Double(months) * 30.436875 + Double(days)
        var step = max(0, Int((Double(elapsedDays) / daysPerStep).rounded(.down)) - 2)
        var misses = 0
        while misses < 64 {
            defer { step += 1 }
            guard let date = date(ofStep: step) else {
                misses += 1
                continue
            }
            if date.year > CivilCalendar.maximumYear { return nil }
            if let endDate, date > endDate { return nil }
            if date.dayNumber >= targetDay {
                return date.dayNumber * CivilCalendar.secondsPerDay + secondOfDay
            }
        }
        return nil
    }
}
