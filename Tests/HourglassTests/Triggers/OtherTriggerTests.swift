import Foundation
import Hourglass
import Testing
import HourglassTestSupport

@Suite("Date, interval, calendar and combined triggers")
struct OtherTriggerTests {
    @Test("a date trigger fires once")
    func dateTrigger() throws {
        let trigger = try DateTrigger(at: instant("2026-05-01T12:00:00+00:00"))
        #expect(try fireTimes(trigger, after: "2026-01-01T00:00:00+00:00") == ["2026-05-01T12:00:00+00:00"])
        #expect(try fireTimes(trigger, after: "2026-05-01T12:00:00+00:00") == [])
    }

    @Test("an interval trigger fires from its start, sub-second intervals included, until its end")
    func intervalTrigger() throws {
        let trigger = try IntervalTrigger(
            every: .milliseconds(250), start: instant("2026-01-01T00:00:00Z"), end: instant("2026-01-01T00:00:00.750Z"))
        #expect(try fireTimes(trigger, after: "2025-12-31T00:00:00Z") == [
            "2026-01-01T00:00:00+00:00", "2026-01-01T00:00:00.250+00:00", "2026-01-01T00:00:00.500+00:00",
            "2026-01-01T00:00:00.750+00:00",
        ])
    }

    @Test("an interval trigger describes itself compactly, leaving out a 1970 start")
    func intervalDescription() throws {
        let epoch = Date(timeIntervalSince1970: 0)
        #expect(try IntervalTrigger(every: .seconds(15), start: epoch).description == "every 15s")
        #expect(try IntervalTrigger(every: .seconds(90_061), start: epoch).description == "every 1d1h1m1s")
        #expect(try IntervalTrigger(every: .milliseconds(1_250), start: epoch).description == "every 1s250ms")
        #expect(
            try IntervalTrigger(every: .seconds(5_400), start: instant("2026-01-01T09:00:00Z")).description
                == "every 1h30m from 2026-01-01T09:00:00+00:00")
    }

    @Test("an interval under 1 ms or an end before the start is refused")
    func intervalErrors() throws {
        #expect(throws: TriggerError.self) { try IntervalTrigger(every: .microseconds(10)) }
        #expect(throws: TriggerError.self) {
            try IntervalTrigger(seconds: 1, start: instant("2026-01-02T00:00:00Z"), end: instant("2026-01-01T00:00:00Z"))
        }
    }

    @Test("a calendar interval clamps or skips a missing month end")
    func calendarMonthEnd() throws {
        let start = CalendarIntervalTrigger.CivilDate(year: 2026, month: 1, day: 31)
        let clamp = try CalendarIntervalTrigger(months: 1, at: .init(hour: 9), startDate: start, monthEnd: .clamp)
        #expect(try fireTimes(clamp, after: "2026-01-01T00:00:00Z", count: 3) == [
            "2026-01-31T09:00:00+00:00", "2026-02-28T09:00:00+00:00", "2026-03-31T09:00:00+00:00",
        ])
        let skip = try CalendarIntervalTrigger(months: 1, at: .init(hour: 9), startDate: start, monthEnd: .skip)
        #expect(try fireTimes(skip, after: "2026-01-01T00:00:00Z", count: 3) == [
            "2026-01-31T09:00:00+00:00", "2026-03-31T09:00:00+00:00", "2026-05-31T09:00:00+00:00",
        ])
    }

    @Test("a calendar interval is a fixed-time job for daylight saving time")
    func calendarDaylightSaving() throws {
        let berlin = try TimeZone.named("Europe/Berlin")
        let trigger = try CalendarIntervalTrigger(
            weeks: 1, at: .init(hour: 2, minute: 30), startDate: .init(year: 2026, month: 3, day: 22), timeZone: berlin)
        #expect(try fireTimes(trigger, after: "2026-03-23T00:00:00+01:00", count: 2, in: berlin) == [
            "2026-03-29T03:00:00+02:00", "2026-04-05T02:30:00+02:00",
        ])
        let autumn = try CalendarIntervalTrigger(
            days: 1, at: .init(hour: 2, minute: 30), startDate: .init(year: 2026, month: 10, day: 20), timeZone: berlin)
        #expect(try fireTimes(autumn, after: "2026-10-25T00:00:00+02:00", count: 2, in: berlin) == [
            "2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00",
        ])
    }

    @Test("an and-trigger fires where all members agree")
    func andTrigger() throws {
        // Noon, on days that are both Mondays and the 1st of the month.
        let trigger = try AndTrigger([try CronTrigger("0 12 * * mon"), try CronTrigger("0 12 1 * *")])
        #expect(try fireTimes(trigger, after: "2026-01-01T00:00:00Z", count: 2) == [
            "2026-06-01T12:00:00+00:00", "2027-02-01T12:00:00+00:00",
        ])
    }

    @Test("an and-trigger whose members never agree throws instead of hanging")
    func andTriggerSearchLimit() throws {
        let trigger = try AndTrigger([try CronTrigger("0 * * * *"), try CronTrigger("30 * * * *")], searchLimit: 100)
        let start = try instant("2026-01-01T00:00:00Z")
        do {
            _ = try trigger.nextFireTime(after: start)
            Issue.record("no error")
        } catch {
            #expect(error.code == .searchLimitExceeded)
        }
    }

    @Test("an or-trigger merges its members, shared instants once")
    func orTrigger() throws {
        let trigger = try OrTrigger([try CronTrigger("0 */2 * * *"), try CronTrigger("0 */3 * * *")])
        #expect(try fireTimes(trigger, after: "2026-01-01T00:30:00Z", count: 5) == [
            "2026-01-01T02:00:00+00:00", "2026-01-01T03:00:00+00:00", "2026-01-01T04:00:00+00:00",
            "2026-01-01T06:00:00+00:00", "2026-01-01T08:00:00+00:00",
        ])
    }

    @Test("ISO-8601 timestamps parse and print with the zone's offset")
    func timestamps() throws {
        let date = try instant("2025-03-09T03:00:00-04:00")
        #expect(ISO8601Timestamp.format(date, in: try .named("America/New_York")) == "2025-03-09T03:00:00-04:00")
        #expect(ISO8601Timestamp.format(date, in: try .named("UTC")) == "2025-03-09T07:00:00+00:00")
        #expect(ISO8601Timestamp.parse("2025-02-30T00:00:00Z") == nil)
        #expect(ISO8601Timestamp.parse("yesterday") == nil)
    }
}

@Suite("Jitter")
struct JitterTests {
    @Test("every trigger refuses a negative jitter")
    func negativeJitter() throws {
        let negative = Duration.seconds(-1)
        let start = try instant("2026-01-01T00:00:00Z")
        #expect(throws: TriggerError.self) { try CronTrigger("* * * * *", jitter: negative) }
        #expect(throws: TriggerError.self) { try IntervalTrigger(seconds: 1, start: start, jitter: negative) }
        #expect(throws: TriggerError.self) { try DateTrigger(at: start, jitter: negative) }
        #expect(throws: TriggerError.self) {
            try CalendarIntervalTrigger(days: 1, startDate: .init(year: 2026, month: 1, day: 1), jitter: negative)
        }
        #expect(throws: TriggerError.self) { try AndTrigger([try CronTrigger("@daily")], jitter: negative) }
        #expect(throws: TriggerError.self) { try OrTrigger([try CronTrigger("@daily")], jitter: negative) }
    }

    @Test("jitter never changes the computed fire times")
    func jitterDoesNotAccumulate() throws {
        let plain = try CronTrigger("*/5 * * * *")
        let jittered = try CronTrigger("*/5 * * * *", jitter: .seconds(30))
        let start = try instant("2026-01-01T00:00:00Z")
        #expect(try jittered.nextFireTimes(after: start, count: 10) == plain.nextFireTimes(after: start, count: 10))
    }
}
