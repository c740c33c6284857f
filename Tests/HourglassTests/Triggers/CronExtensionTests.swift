import Foundation
import Hourglass
import Testing
import HourglassTestSupport

/// SEMANTICS.md, "Cron expressions": the extensions of other schedulers (wrap-around
/// ranges, `L-nW`, ranges to `L`, hashed values, a leading `CRON_TZ=`), one test per rule.
@Suite("Cron extensions")
struct CronExtensionTests {
    private let start = "2026-01-01T00:00:00+00:00"  // a Thursday

    private func times(_ expression: String, hashID: String? = nil, count: Int) throws -> [String] {
        try fireTimes(CronTrigger(expression, hashID: hashID), after: start, count: count)
    }

    private func day(_ day: String, _ hour: String = "00:00") -> String { "2026-\(day)T\(hour):00+00:00" }

    // MARK: Wrap-around ranges

    @Test("a range whose end is below its start wraps past the field's maximum", arguments: [
        ("0 22-2 * * *", ["01-01T01:00", "01-01T02:00", "01-01T22:00", "01-01T23:00", "01-02T00:00"]),
        ("0 0 31-1 * *", ["01-31T00:00", "02-01T00:00", "03-01T00:00", "03-31T00:00"]),
        ("0 0 1 nov-feb *", ["02-01T00:00", "11-01T00:00", "12-01T00:00"]),
        ("0 0 * * fri-mon", ["01-02T00:00", "01-03T00:00", "01-04T00:00", "01-05T00:00", "01-09T00:00"]),
    ])
    func wrapAround(expression: String, expected: [String]) throws {
        #expect(try times(expression, count: expected.count) == expected.map { "2026-\($0):00+00:00" })
    }

    @Test("a step walks on across the wrap; day-of-week wraps on the 7 days 0-6")
    func wrapWithStep() throws {
        #expect(try times("0 22-2/2 * * *", count: 3) == [day("01-01", "02:00"), day("01-01", "22:00"), day("01-02")])
        // Friday, Sunday, Tuesday.
        #expect(try times("0 0 * * fri-tue/2", count: 4) == [day("01-02"), day("01-04"), day("01-06"), day("01-09")])
        #expect(try times("0 0 * * 7-2", count: 3) == [day("01-04"), day("01-05"), day("01-06")])
    }

    @Test("a day-of-week range ending at Sunday ends at 7: mon-sun is every day, sun-sun is Sunday")
    func sundayAtTheEnd() throws {
        #expect(try times("0 0 * * mon-sun", count: 3) == [day("01-02"), day("01-03"), day("01-04")])
        #expect(try times("0 0 * * 1-0", count: 3) == [day("01-02"), day("01-03"), day("01-04")])
        #expect(try times("0 0 * * sat-sun", count: 3) == [day("01-03"), day("01-04"), day("01-10")])
        #expect(try times("0 0 * * sun-sun", count: 2) == [day("01-04"), day("01-11")])
    }

    // MARK: Day-of-month extensions

    @Test("L-nW is the weekday nearest to n days before the last day")
    func nearestWeekdayBeforeLast() throws {
        // Jan 29 is a Thursday, Feb 26 a Thursday, Mar 29 a Sunday (so Monday the 30th).
        #expect(try times("0 0 L-2W * *", count: 3) == [day("01-29"), day("02-26"), day("03-30")])
        // L-30 is day 1 in a 31-day month and no day in shorter months: March 1 is a
        // Sunday (so Monday the 2nd), May 1 a Friday.
        #expect(try times("0 0 L-30W * *", count: 2) == [day("03-02"), day("05-01")])
    }

    @Test("nW in a month without day n does not fire that month; W never leaves the month")
    func nearestWeekdayOfAMissingDay() throws {
        // Jan 30 is a Friday; February has no 30th; March 30 is a Monday.
        #expect(try times("0 0 30W * *", count: 2) == [day("01-30"), day("03-30")])
        // Jan 31 is a Saturday (so Friday the 30th); April has no 31st; May 31 is a
        // Sunday, and June 1 is in another month (so Friday the 29th).
        #expect(try times("0 0 31W * *", count: 3) == [day("01-30"), day("03-31"), day("05-29")])
    }

    @Test("a range may end at the last day: 25-L, 1-L/8")
    func rangeToLastDay() throws {
        #expect(try times("0 0 25-L * *", count: 8) == (25...31).map { day("01-\($0)") } + [day("02-25")])
        #expect(try times("0 0 1-L/8 * *", count: 4) == [day("01-09"), day("01-17"), day("01-25"), day("02-01")])
        #expect(try times("0 0 28-L 2 *", count: 2) == [day("02-28"), "2027-02-28T00:00:00+00:00"])
    }

    // MARK: Hashed values

    @Test("H picks lo + h mod span with the FNV-1a hash of 'job id:field' (SEMANTICS.md's example)")
    func hashedExample() throws {
        #expect(try times("H H * * *", hashID: "backup", count: 2) == [day("01-01", "01:27"), day("01-02", "01:27")])
        #expect(try CronExpression("H H * * *", hashID: "backup").humanDescription == "At 01:27")
    }

    @Test("H/n and H(a-b)/n pick an offset h mod n and step by n")
    func hashedSteps() throws {
        #expect(try times("H/15 * * * *", hashID: "a", count: 3) == [
            day("01-01", "00:12"), day("01-01", "00:27"), day("01-01", "00:42"),
        ])
        #expect(try times("H(0-29)/10 * * * *", hashID: "a", count: 4) == [
            day("01-01", "00:02"), day("01-01", "00:12"), day("01-01", "00:22"), day("01-01", "01:02"),
        ])
        #expect(try times("H(10-19) 0 * * *", hashID: "backup", count: 1) == [day("01-01", "00:17")])
    }

    @Test("H in day-of-month spans 1-28, in day-of-week 0-6; an H day field is restricted")
    func hashedDays() throws {
        #expect(try times("0 0 H * *", hashID: "backup", count: 2) == [day("01-09"), day("02-09")])
        #expect(try times("0 0 * * H", hashID: "backup", count: 2) == [day("01-02"), day("01-09")])
        #expect(try times("0 0 1 H *", hashID: "backup", count: 1) == [day("08-01")])
        // Day 9 or a Friday (the OR rule).
        #expect(try times("0 0 H * H", hashID: "backup", count: 3) == [day("01-02"), day("01-09"), day("01-16")])
    }

    @Test("the same expression spreads different jobs")
    func hashedSpread() throws {
        let minutes = try ["backup", "billing-report", "job-42", "a"].map {
            try times("H * * * *", hashID: $0, count: 1)
        }
        #expect(Set(minutes).count == 4)
    }

    // MARK: CRON_TZ

    @Test("a leading CRON_TZ= or TZ= is the expression's zone and overrides the trigger's", arguments: [
        "CRON_TZ=America/New_York 30 2 * * *", "TZ=America/New_York 30 2 * * *",
    ])
    func cronTZ(expression: String) throws {
        let trigger = try CronTrigger(expression, timeZone: .gmt)
        #expect(trigger.timeZone.identifier == "America/New_York")
        #expect(try fireTimes(trigger, after: start, count: 1, in: trigger.timeZone) == ["2026-01-01T02:30:00-05:00"])
        #expect(try CronExpression(expression).humanDescription == "At 02:30, in time zone America/New_York")
    }

    @Test("a leading CRON_TZ= works before a nickname")
    func cronTZNickname() throws {
        let trigger = try CronTrigger("CRON_TZ=Asia/Kolkata @daily")
        #expect(try fireTimes(trigger, after: start, count: 1, in: trigger.timeZone) == ["2026-01-02T00:00:00+05:30"])
    }

    @Test("a hash id and CRON_TZ survive the stored JSON form")
    func storedForm() throws {
        let trigger = try CronTrigger("TZ=Europe/Berlin H H * * *", hashID: "backup")
        let decoded = try JSONDecoder().decode(CronTrigger.self, from: JSONEncoder().encode(trigger))
        #expect(decoded == trigger)
        #expect(decoded.expression.hashID == "backup")
        #expect(decoded.timeZone.identifier == "Europe/Berlin")
    }

    // MARK: Malformed forms

    @Test("each malformed form is an error naming the field, the text and its position", arguments: [
        ("H * * * *", nil, "minute", "H", 1, "job id"),
        ("0 H(5-2) * * *", "x", "hour", "5-2", 5, "reversed"),
        ("H(5 * * * *", "x", "minute", "H(5", 1, "H(a-b)"),
        ("H() * * * *", "x", "minute", "H()", 1, "H(a-b)"),
        ("H(1-2-3) * * * *", "x", "minute", "H(1-2-3)", 1, "range"),
        ("H(0-70) * * * *", "x", "minute", "70", 5, "out of range"),
        ("H/90 * * * *", "x", "minute", "H/90", 1, "step larger"),
        ("H(0-9)/20 * * * *", "x", "minute", "H(0-9)/20", 1, "step larger"),
        ("0 0 L-31W * *", nil, "day-of-month", "L-31W", 5, "L-nW"),
        ("0 0 L-W * *", nil, "day-of-month", "L-W", 5, "L-nW"),
        ("0 0 32-L * *", nil, "day-of-month", "32", 5, "out of range"),
        ("0 0 0-L * *", nil, "day-of-month", "0", 5, "out of range"),
        ("0 0 25-L/0 * *", nil, "day-of-month", "25-L/0", 5, "at least 1"),
        ("0 0 * * fri-mon#2", nil, "day-of-week", "fri-mon", 9, "weekday"),
        ("CRON_TZ=Mars/Base 0 0 * * *", nil, "time zone", "Mars/Base", 9, "IANA"),
        ("TZ= 0 0 * * *", nil, "time zone", "TZ=", 1, "zone name"),
        ("@every 90s", nil, "expression", "@every", 1, "IntervalTrigger"),
    ] as [(String, String?, String, String, Int, String)])
    func malformed(
        expression: String, hashID: String?, field: String, text: String, position: Int, reason: String
    ) throws {
        let error = try #require(throws: TriggerError.self) { try CronExpression(expression, hashID: hashID) }
        #expect(error.code == .invalidExpression)
        #expect(error.field == field)
        #expect(error.text == text)
        #expect(error.position == position)
        #expect(error.reason.contains(reason), "\(error.reason)")
    }
}
