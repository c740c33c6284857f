import Foundation
import Hourglass
import Testing
import HourglassTestSupport

/// SEMANTICS.md, "Cron expressions", field-based cron (APScheduler's meaning).
@Suite("Named cron fields")
struct CronFieldsTests {
    private let start = "2026-01-01T00:00:00+00:00"  // a Thursday

    private func times(_ fields: CronFields, count: Int = 3) throws -> [String] {
        try fireTimes(CronTrigger(fields: fields), after: start, count: count)
    }

    @Test("day and day-of-week must both match")
    func andRule() throws {
        // The 13th only when it is a Friday.
        #expect(try times(CronFields(day: "13", dayOfWeek: "fri"), count: 2) == [
            "2026-02-13T00:00:00+00:00", "2026-03-13T00:00:00+00:00",
        ])
    }

    @Test("day-of-week 0 is Monday")
    func mondayIsZero() throws {
        #expect(try times(CronFields(dayOfWeek: "0"), count: 1) == ["2026-01-05T00:00:00+00:00"])
    }

    @Test("fields above the least significant one given default to *, below it to their minimum")
    func defaults() throws {
        #expect(try times(CronFields(hour: "9")) == [
            "2026-01-01T09:00:00+00:00", "2026-01-02T09:00:00+00:00", "2026-01-03T09:00:00+00:00",
        ])
        #expect(try times(CronFields(month: "6"), count: 2) == [
            "2026-06-01T00:00:00+00:00", "2027-06-01T00:00:00+00:00",
        ])
    }

    @Test("day expressions: last, last fri, 2nd mon")
    func dayExpressions() throws {
        #expect(try times(CronFields(day: "last"), count: 2) == ["2026-01-31T00:00:00+00:00", "2026-02-28T00:00:00+00:00"])
        #expect(try times(CronFields(day: "last fri"), count: 1) == ["2026-01-30T00:00:00+00:00"])
        #expect(try times(CronFields(day: "2nd mon"), count: 2) == ["2026-01-12T00:00:00+00:00", "2026-02-09T00:00:00+00:00"])
    }

    @Test("ISO week and year")
    func isoWeekAndYear() throws {
        // 2027-01-01 (a Friday) lies in ISO week 53 of 2026.
        #expect(try times(CronFields(year: "2027", week: "53"), count: 4) == [
            "2027-01-01T00:00:00+00:00", "2027-01-02T00:00:00+00:00", "2027-01-03T00:00:00+00:00",
        ])
    }

    @Test("a bad field value names the field", arguments: [
        (CronFields(hour: "24"), "hour"), (CronFields(day: "0"), "day"), (CronFields(day: "2nd"), "day"),
        (CronFields(dayOfWeek: "mon-funday"), "day_of_week"), (CronFields(minute: "1,,2"), "minute"),
    ])
    func badValue(fields: CronFields, field: String) {
        do {
            _ = try CronExpression(fields: fields)
            Issue.record("accepted \(fields)")
        } catch {
            #expect(error.code == .invalidExpression)
            #expect(error.field == field)
        }
    }
}
