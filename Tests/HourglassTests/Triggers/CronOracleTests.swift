import Foundation
import Hourglass
import HourglassTesting
import Testing
import HourglassTestSupport

/// Random crontab expressions checked against a brute-force reading of cron's rules that
/// uses Foundation's calendar, not the engine's own date arithmetic.
@Suite("Cron engine against a brute-force oracle")
struct CronOracleTests {
    private struct RandomExpression {
        var minutes: Set<Int>
        var hours: Set<Int>
        var days: Set<Int>?  // nil: '*'
        var months: Set<Int>
        var weekdays: Set<Int>?  // nil: '*'; 0 = Sunday
        var text: String
    }

    /// A field: `*`, `*/n` (over the field's whole range `full`) or a list of values in `range`.
    private static func field(
        _ generator: inout SplitMix64, range: ClosedRange<Int>, full: ClosedRange<Int>? = nil, allowStar: Bool
    ) -> (Set<Int>?, String) {
        switch generator.next() % 4 {
        case 0 where allowStar:
            return (nil, "*")
        case 1:
            let step = Int(generator.next() % 5) + 2
            let whole = full ?? range
            let values = Set(stride(from: whole.lowerBound, through: whole.upperBound, by: step))
            return (values, "*/\(step)")
        default:
            let count = Int(generator.next() % 3) + 1
            let values = Set((0..<count).map { _ in range.lowerBound + Int(generator.next() % UInt64(range.count)) })
            return (values, values.sorted().map(String.init).joined(separator: ","))
        }
    }

    private static func make(_ generator: inout SplitMix64) -> RandomExpression {
        let (minutes, minuteText) = field(&generator, range: 0...59, allowStar: false)
        let (hours, hourText) = field(&generator, range: 0...23, allowStar: true)
        let (days, dayText) = field(&generator, range: 1...28, full: 1...31, allowStar: true)
        let (months, monthText) = field(&generator, range: 1...12, allowStar: true)
        let (weekdays, weekdayText) = field(&generator, range: 0...6, allowStar: true)
        return RandomExpression(
            minutes: minutes ?? [], hours: hours ?? Set(0...23),
            days: days, months: months ?? Set(1...12),
            weekdays: weekdays,
            text: "\(minuteText) \(hourText) \(dayText) \(monthText) \(weekdayText)")
    }

    /// The oracle: day by day, then hour by hour and minute by minute, by cron(5)'s rules.
    private static func oracle(_ expression: RandomExpression, after start: Date, calendar: Calendar) -> Date? {
        let dayRestricted = expression.days != nil && !expression.text.split(separator: " ")[2].hasPrefix("*")
        let weekdayRestricted = expression.weekdays != nil && !expression.text.split(separator: " ")[4].hasPrefix("*")
        var day = calendar.startOfDay(for: start)
        for _ in 0..<(366 * 8) {
            let parts = calendar.dateComponents([.day, .month, .weekday], from: day)
            let dayMatches = expression.days?.contains(parts.day ?? 0) ?? true
            let weekdayMatches = expression.weekdays?.contains((parts.weekday ?? 1) - 1) ?? true
            let matches = dayRestricted && weekdayRestricted ? dayMatches || weekdayMatches : dayMatches && weekdayMatches
            if matches, expression.months.contains(parts.month ?? 0) {
                for hour in expression.hours.sorted() {
                    for minute in expression.minutes.sorted() {
                        let candidate = day.addingTimeInterval(Double(hour * 3_600 + minute * 60))
                        if candidate > start { return candidate }
                    }
                }
            }
            day = calendar.date(byAdding: .day, value: 1, to: day) ?? day
        }
        return nil
    }

    @Test("500 random expressions agree with the oracle for 3 fire times each")
    func randomExpressions() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try TimeZone.named("UTC")
        var generator = SplitMix64(seed: 20_261_122)
        for _ in 0..<500 {
            let expression = Self.make(&generator)
            let trigger = try CronTrigger(expression.text)
            var cursor = Date(timeIntervalSince1970: 1_767_225_600 + Double(generator.next() % 157_766_400))
            for _ in 0..<3 {
                let expected = Self.oracle(expression, after: cursor, calendar: calendar)
                let actual = trigger.nextFireTime(after: cursor)
                #expect(actual == expected, "\(expression.text) after \(cursor)")
                guard let next = expected else { break }
                cursor = next
            }
        }
    }
}
