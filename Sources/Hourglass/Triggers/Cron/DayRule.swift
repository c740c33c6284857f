/// A day that depends on the month it falls in: the Quartz extensions of crontab
/// strings (`L`, `L-n`, `nW`, `LW`, `d#n`, `dL`) and APScheduler's day expressions
/// (`last`, `last fri`, `2nd mon`).
enum DayRule: Sendable, Hashable {
    /// The last day of the month, minus `offset` days (`L`, `L-3`, `last`).
    case lastDay(offset: Int)
    /// The weekday (Monday to Friday) nearest to `day`, without leaving the month (`15W`).
    case nearestWeekday(day: Int)
    /// The last Monday-to-Friday day of the month (`LW`).
    case lastWeekday
    /// The weekday nearest to `offset` days before the last day of the month, without
    /// leaving the month (`L-3W`); no day when the month is too short.
    case nearestWeekdayBeforeLast(offset: Int)
    /// Every `step`-th day from `day` through the last day of the month (`25-L`, `1-L/8`).
    case throughLastDay(from: Int, step: Int)
    /// The `occurrence`-th `weekday` of the month (0 = Sunday); -1 is the last (`5#3`, `5L`).
    case nthWeekday(weekday: Int, occurrence: Int)

    /// The days of one month this rule selects, as bits 1...31.
    @inline(__always)
    func mask(daysInMonth: Int, firstWeekday: Int) -> UInt32 {
        switch self {
        case .lastDay(let offset):
            let day = daysInMonth - offset
            return day >= 1 ? 1 << UInt32(day) : 0
        case .nearestWeekday(let day):
            return Self.nearestWeekdayMask(day, daysInMonth: daysInMonth, firstWeekday: firstWeekday)
        case .nearestWeekdayBeforeLast(let offset):
            return Self.nearestWeekdayMask(daysInMonth - offset, daysInMonth: daysInMonth, firstWeekday: firstWeekday)
        case .throughLastDay(let from, let step):
            var mask: UInt32 = 0
            for day in stride(from: from, through: daysInMonth, by: step) { mask |= 1 << UInt32(day) }
            return mask
        case .lastWeekday:
            let weekday = (firstWeekday + daysInMonth - 1) % 7
            let day = weekday == 6 ? daysInMonth - 1 : weekday == 0 ? daysInMonth - 2 : daysInMonth
            return 1 << UInt32(day)
        case .nthWeekday(let weekday, let occurrence):
            let first = 1 + (weekday - firstWeekday + 7) % 7
            let day: Int
            if occurrence < 0 {
                day = first + (daysInMonth - first) / 7 * 7
            } else {
                day = first + 7 * (occurrence - 1)
            }
            return day <= daysInMonth ? 1 << UInt32(day) : 0
        }
    }

    /// The weekday (Monday to Friday) nearest to `day`, without leaving the month; no
    /// day when the month has no day `day`.
    @inline(__always)
    private static func nearestWeekdayMask(_ day: Int, daysInMonth: Int, firstWeekday: Int) -> UInt32 {
        guard day >= 1, day <= daysInMonth else { return 0 }
        let weekday = (firstWeekday + day - 1) % 7
        var target = day
        if weekday == 6 { target = day > 1 ? day - 1 : day + 2 }
        if weekday == 0 { target = day < daysInMonth ? day + 1 : day - 2 }
        return 1 << UInt32(target)
    }
}
