/// The compiled form of a cron expression: one bit set per field, and the rules for
/// days that depend on the month. Both entry points (crontab strings and named fields)
/// compile to this type, and one search serves them.
struct CronSchedule: Sendable, Hashable {
    /// How the day-of-month and day-of-week fields combine.
    enum DayCombination: Sendable, Hashable {
        /// A day matches when both fields match.
        case both
        /// A day matches when either field matches (cron's rule for two restricted fields).
        case either
    }

    var seconds: UInt64 = 1
    var minutes: UInt64 = 1
    var hours: UInt64 = 1
    /// Bits 1...12.
    var months: UInt16 = 0x1FFE
    /// Bits 1...31 of plain days of the month.
    var daysOfMonth: UInt32 = 0xFFFF_FFFE
    var dayOfMonthRules: [DayRule] = []
    /// Bits 0...6, 0 = Sunday.
    var daysOfWeek: UInt8 = 0x7F
    var dayOfWeekRules: [DayRule] = []
    var dayCombination: DayCombination = .both
    /// Bits 1...53 of ISO weeks; nil when any week matches.
    var isoWeeks: UInt64?
    /// nil when any year matches.
    var years: YearSet?

    // MARK: Days

    /// The days of `month` in `year` that match, as bits 1...31.
    @inline(__always)
    func dayMask(year: Int, month: Int) -> UInt32 {
        let daysInMonth = CivilCalendar.daysInMonth(year: year, month: month)
        let firstWeekday = CivilCalendar.weekday(days: CivilCalendar.days(year: year, month: month, day: 1))
        var dayOfMonth = daysOfMonth
        for rule in dayOfMonthRules {
            dayOfMonth |= rule.mask(daysInMonth: daysInMonth, firstWeekday: firstWeekday)
        }
        var dayOfWeek = Self.weekdayMask(daysOfWeek, firstWeekday: firstWeekday)
        for rule in dayOfWeekRules {
            dayOfWeek |= rule.mask(daysInMonth: daysInMonth, firstWeekday: firstWeekday)
        }
        var result = dayCombination == .either ? dayOfMonth | dayOfWeek : dayOfMonth & dayOfWeek
        result &= UInt32(truncatingIfNeeded: (UInt64(1) << UInt64(daysInMonth + 1)) - 2)
        if let isoWeeks, result != 0 {
            var filtered: UInt32 = 0
            var remaining = result
            while remaining != 0 {
                let day = remaining.trailingZeroBitCount
                remaining &= remaining - 1
                let week = CivilCalendar.isoWeek(year: year, month: month, day: day)
                if isoWeeks & (1 << UInt64(week)) != 0 { filtered |= 1 << UInt32(day) }
            }
            result = filtered
        }
        return result
    }

    /// Spreads a set of weekdays over the days of a month that starts on `firstWeekday`.
    @inline(__always)
    static func weekdayMask(_ weekdays: UInt8, firstWeekday: Int) -> UInt32 {
        let set = UInt32(weekdays)
        // Bit j of `week` is day j + 1 of the month.
        let week = ((set >> UInt32(firstWeekday)) | (set << UInt32(7 - firstWeekday))) & 0x7F
        let month = week | week << 7 | week << 14 | week << 21 | week << 28
        return month << 1
    }

    // MARK: Search

    /// The first wall time at or after `wall` (wall seconds) whose fields all match, or
    /// nil when there is none up to the end of year 9999.
    func nextWallTime(atOrAfter wall: Int64) -> Int64? {
        var (year, month, day, hour, minute, second) = CivilCalendar.components(wallSeconds: wall)
        var cachedYear = 0
        var cachedMonth = 0
        var cachedMask: UInt32 = 0
        while true {
            if year > CivilCalendar.maximumYear { return nil }
            if let years {
                guard let allowed = years.first(atOrAfter: year) else { return nil }
                if allowed != year {
                    year = allowed; month = 1; day = 1; hour = 0; minute = 0; second = 0
                }
            }
            guard let nextMonth = Self.nextBit(UInt64(months), from: month) else {
                year += 1; month = 1; day = 1; hour = 0; minute = 0; second = 0
                continue
            }
            if nextMonth != month {
                month = nextMonth; day = 1; hour = 0; minute = 0; second = 0
            }
            if cachedYear != year || cachedMonth != month {
                cachedMask = dayMask(year: year, month: month)
                cachedYear = year
                cachedMonth = month
            }
            guard let nextDay = Self.nextBit(UInt64(cachedMask), from: day) else {
                month += 1; day = 1; hour = 0; minute = 0; second = 0
                if month > 12 { month = 1; year += 1 }
                continue
            }
            if nextDay != day {
                day = nextDay; hour = 0; minute = 0; second = 0
            }
            guard let nextHour = Self.nextBit(hours, from: hour) else {
                day += 1; hour = 0; minute = 0; second = 0
                continue
            }
            if nextHour != hour {
                hour = nextHour; minute = 0; second = 0
            }
            guard let nextMinute = Self.nextBit(minutes, from: minute) else {
                hour += 1; minute = 0; second = 0
                continue
            }
            if nextMinute != minute {
                minute = nextMinute; second = 0
            }
            guard let nextSecond = Self.nextBit(seconds, from: second) else {
                minute += 1; second = 0
                continue
            }
            return CivilCalendar.wallSeconds(
                year: year, month: month, day: day, hour: hour, minute: minute, second: nextSecond)
        }
    }

    /// The lowest set bit at position `from` or above.
    @inline(__always)
    static func nextBit(_ bits: UInt64, from: Int) -> Int? {
        guard from < 64 else { return nil }
        let shifted = bits >> UInt64(from)
        return shifted == 0 ? nil : from + shifted.trailingZeroBitCount
    }

    // MARK: Construction checks

    /// Whether some day in some allowed year matches. The Gregorian calendar (weekdays and
    /// ISO weeks included) repeats every 400 years, so one cycle per year residue suffices.
    var hasMatchingDay: Bool {
        var residues = Set<Int>()
        let candidates = years?.years ?? Array(2_000..<2_400)
        for year in candidates where residues.insert(year % 400).inserted {
            for month in 1...12 where months & (1 << UInt16(month)) != 0 {
                if dayMask(year: year, month: month) != 0 { return true }
            }
        }
        return false
    }
}
