import Foundation
import Hourglass
import Testing
import HourglassTestSupport

/// SEMANTICS.md, "Cron expressions", crontab strings: one test per rule.
@Suite("Crontab syntax")
struct CrontabSyntaxTests {
    private let start = "2026-01-01T00:00:00+00:00"  // a Thursday

    @Test("0 and 7 are both Sunday")
    func sundayIsZeroAndSeven() throws {
        let sundays = ["2026-01-04T00:00:00+00:00", "2026-01-11T00:00:00+00:00"]
        #expect(try cronTimes("0 0 * * 0", after: start, count: 2) == sundays)
        #expect(try cronTimes("0 0 * * 7", after: start, count: 2) == sundays)
        #expect(try cronTimes("0 0 * * SUN", after: start, count: 2) == sundays)
    }

    @Test("names work in any case, in ranges and with steps")
    func namesAndSteps() throws {
        // mon-fri/2: Monday, Wednesday, Friday.
        #expect(try cronTimes("0 0 * * Mon-FRI/2", after: start, count: 3) == [
            "2026-01-02T00:00:00+00:00", "2026-01-05T00:00:00+00:00", "2026-01-07T00:00:00+00:00",
        ])
        #expect(try cronTimes("0 0 1 jan-dec/3 *", after: start, count: 3) == [
            "2026-04-01T00:00:00+00:00", "2026-07-01T00:00:00+00:00", "2026-10-01T00:00:00+00:00",
        ])
    }

    @Test("a/n means a-max/n; in day-of-week 1/2 includes Sunday")
    func startWithStep() throws {
        #expect(try cronTimes("50/5 0 * * *", after: start, count: 3) == [
            "2026-01-01T00:50:00+00:00", "2026-01-01T00:55:00+00:00", "2026-01-02T00:50:00+00:00",
        ])
        // 1-7/2: Monday, Wednesday, Friday, Sunday.
        #expect(try cronTimes("0 0 * * 1/2", after: start, count: 4) == [
            "2026-01-02T00:00:00+00:00", "2026-01-04T00:00:00+00:00", "2026-01-05T00:00:00+00:00",
            "2026-01-07T00:00:00+00:00",
        ])
    }

    @Test("5-5 is the single value 5")
    func singleValueRange() throws {
        #expect(try cronTimes("5-5 0 * * *", after: start, count: 2) == [
            "2026-01-01T00:05:00+00:00", "2026-01-02T00:05:00+00:00",
        ])
    }

    @Test("a reversed year range is an error naming the field: years do not wrap")
    func reversedYearRange() {
        #expect {
            try CronExpression("0 0 0 1 1 * 2030-2026")
        } throws: { error in
            (error as? TriggerError)?.code == .invalidExpression && (error as? TriggerError)?.field == "year"
                && (error as? TriggerError)?.reason.contains("reversed") == true
        }
    }

    @Test("two restricted day fields match when either matches")
    func dayFieldsOrRule() throws {
        // The 13th, or any Friday.
        #expect(try cronTimes("0 0 13 * fri", after: start, count: 3) == [
            "2026-01-02T00:00:00+00:00", "2026-01-09T00:00:00+00:00", "2026-01-13T00:00:00+00:00",
        ])
    }

    @Test("a day field starting with * is unrestricted: both must match")
    func dayFieldsAndRule() throws {
        // Every other day of the month that is also a Monday: 5th, 19th (odd days).
        #expect(try cronTimes("0 0 */2 * mon", after: start, count: 3) == [
            "2026-01-05T00:00:00+00:00", "2026-01-19T00:00:00+00:00", "2026-02-09T00:00:00+00:00",
        ])
        #expect(try cronTimes("0 0 ? * mon", after: start, count: 1) == ["2026-01-05T00:00:00+00:00"])
    }

    @Test("nicknames", arguments: [
        ("@yearly", "2027-01-01T00:00:00+00:00"), ("@annually", "2027-01-01T00:00:00+00:00"),
        ("@monthly", "2026-02-01T00:00:00+00:00"), ("@weekly", "2026-01-04T00:00:00+00:00"),
        ("@daily", "2026-01-02T00:00:00+00:00"), ("@midnight", "2026-01-02T00:00:00+00:00"),
        ("@hourly", "2026-01-01T01:00:00+00:00"),
    ])
    func nicknames(expression: String, first: String) throws {
        #expect(try cronTimes(expression, after: start, count: 1) == [first])
    }

    @Test("six fields add seconds, seven add a year")
    func secondsAndYears() throws {
        #expect(try cronTimes("*/20 * * * * *", after: start, count: 3) == [
            "2026-01-01T00:00:20+00:00", "2026-01-01T00:00:40+00:00", "2026-01-01T00:01:00+00:00",
        ])
        #expect(try cronTimes("0 0 0 1 1 ? 2027-2028", after: start, count: 5) == [
            "2027-01-01T00:00:00+00:00", "2028-01-01T00:00:00+00:00",
        ])
    }

    @Test("an expression whose years all lie in the past is valid and has no next run")
    func pastYears() throws {
        #expect(try cronTimes("0 0 0 1 1 ? 2020", after: start) == [])
    }

    @Test("Quartz extensions", arguments: [
        ("0 0 L * *", "2026-01-31T00:00:00+00:00"),
        ("0 0 L-2 * *", "2026-01-29T00:00:00+00:00"),
        ("0 0 LW * *", "2026-01-30T00:00:00+00:00"),  // the 31st is a Saturday
        ("0 0 3W * *", "2026-01-02T00:00:00+00:00"),  // the 3rd is a Saturday
        ("0 0 1W 2 *", "2026-02-02T00:00:00+00:00"),  // the 1st is a Sunday; never leave the month
        ("0 0 * * 5#3", "2026-01-16T00:00:00+00:00"),
        ("0 0 * * 1L", "2026-01-26T00:00:00+00:00"),
        ("0 0 1,L * *", "2026-01-31T00:00:00+00:00"),
        ("0 0 L * 1", "2026-01-05T00:00:00+00:00"),  // OR rule: the last day, or a Monday
    ])
    func quartzExtensions(expression: String, first: String) throws {
        #expect(try cronTimes(expression, after: start, count: 1) == [first])
    }

    @Test("the search never passes year 9999")
    func endOfCalendar() throws {
        #expect(try cronTimes("0 0 29 2 *", after: "9996-03-01T00:00:00+00:00") == [])
    }

    @Test("whitespace between fields may be spaces or tabs")
    func whitespace() throws {
        #expect(try cronTimes(" 0\t0  *\t* * ", after: start, count: 1) == ["2026-01-02T00:00:00+00:00"])
    }
}
