/// Proleptic Gregorian calendar arithmetic on plain integers.
///
/// The cron engine works on "wall seconds": seconds since 1970-01-01T00:00:00 of a wall
/// clock, as if that clock were UTC. These helpers convert between wall seconds, day
/// numbers and civil dates without touching Foundation, so that the hot path allocates
/// nothing and makes no calendar calls.
enum CivilCalendar {
    static let secondsPerDay: Int64 = 86_400

    /// The latest year a trigger may fire in (the year field's maximum).
    static let maximumYear = 9_999

    /// The earliest year a cron year field accepts.
    static let minimumYear = 1_970

    /// Days since 1970-01-01 of a civil date (Howard Hinnant's `days_from_civil`).
    @inline(__always)
    static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a day number (Howard Hinnant's `civil_from_days`).
    @inline(__always)
    static func date(days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    /// Day of the week of a day number: 0 = Sunday ... 6 = Saturday.
    @inline(__always)
    static func weekday(days: Int64) -> Int {
        // 1970-01-01 was a Thursday (4).
        let r = (days + 4) % 7
        return Int(r >= 0 ? r : r + 7)
    }

    @inline(__always)
    static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    @inline(__always)
    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// ISO-8601 week number (1...53) of a civil date.
    static func isoWeek(year: Int, month: Int, day: Int) -> Int {
        let dayNumber = days(year: year, month: month, day: day)
        // ISO weekday: Monday = 1 ... Sunday = 7.
        let isoWeekday = (weekday(days: dayNumber) + 6) % 7 + 1
        // The Thursday of this week decides the ISO year.
        let thursday = dayNumber - Int64(isoWeekday) + 4
        let thursdayYear = date(days: thursday).year
        let firstDayOfThatYear = days(year: thursdayYear, month: 1, day: 1)
        return Int((thursday - firstDayOfThatYear) / 7) + 1
    }

    /// Floor division for wall seconds before 1970.
    @inline(__always)
    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// Splits wall seconds into a civil date and a time of day.
    @inline(__always)
    static func components(wallSeconds: Int64)
        -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int)
    {
        let dayNumber = floorDivide(wallSeconds, secondsPerDay)
        let secondOfDay = Int(wallSeconds - dayNumber * secondsPerDay)
        let (y, m, d) = date(days: dayNumber)
        return (y, m, d, secondOfDay / 3_600, secondOfDay % 3_600 / 60, secondOfDay % 60)
    }

    @inline(__always)
    static func wallSeconds(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Int64 {
        days(year: year, month: month, day: day) * secondsPerDay
            + Int64(hour * 3_600 + minute * 60 + second)
    }
}
