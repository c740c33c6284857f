import Foundation
import Hourglass
import Testing
import HourglassTestSupport

/// SEMANTICS.md, "Daylight saving time": one test per rule. Berlin springs forward on
/// 2026-03-29 at 02:00 (to 03:00) and falls back on 2026-10-25 at 03:00 (to 02:00).
@Suite("Daylight saving time")
struct DaylightSavingTests {
    @Test("a fixed-time job in a gap runs once at the first instant after the gap")
    func fixedTimeGapRunsAfterGap() throws {
        #expect(try cronTimes("30 2 * * *", in: "Europe/Berlin", after: "2026-03-28T12:00:00+01:00", count: 3) == [
            "2026-03-29T03:00:00+02:00", "2026-03-30T02:30:00+02:00", "2026-03-31T02:30:00+02:00",
        ])
    }

    @Test("the run after the gap is to the second")
    func gapRunIsToTheSecond() throws {
        #expect(try cronTimes("30 0 2 * * *", in: "Europe/Berlin", after: "2026-03-29T00:00:00+01:00", count: 1) == [
            "2026-03-29T03:00:00+02:00"
        ])
    }

    @Test("runs that fall into one gap, or on its end, merge into one")
    func gapRunsMerge() throws {
        #expect(try cronTimes("0,30 2,3 * * *", in: "Europe/Berlin", after: "2026-03-29T01:00:00+01:00", count: 3) == [
            "2026-03-29T03:00:00+02:00", "2026-03-29T03:30:00+02:00", "2026-03-30T02:00:00+02:00",
        ])
    }

    @Test("a wildcard job has no runs at wall times that do not exist")
    func wildcardGapSkips() throws {
        #expect(try cronTimes("*/30 * * * *", in: "Europe/Berlin", after: "2026-03-29T01:00:00+01:00", count: 3) == [
            "2026-03-29T01:30:00+01:00", "2026-03-29T03:00:00+02:00", "2026-03-29T03:30:00+02:00",
        ])
    }

    @Test("a fixed-time job in an overlap runs once, in the first pass")
    func fixedTimeOverlapFirstPass() throws {
        #expect(try cronTimes("30 2 * * *", in: "Europe/Berlin", after: "2026-10-25T00:00:00+02:00", count: 2) == [
            "2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00",
        ])
    }

    @Test("a fixed-time job does not run again when asked from inside the second pass")
    func fixedTimeFromSecondPass() throws {
        #expect(try cronTimes("45 2 * * *", in: "Europe/Berlin", after: "2026-10-25T02:10:00+01:00", count: 1) == [
            "2026-10-26T02:45:00+01:00"
        ])
    }

    @Test("a wildcard job runs in both passes of an overlap")
    func wildcardOverlapBothPasses() throws {
        #expect(try cronTimes("0,30 2 * * *", in: "Europe/Berlin", after: "2026-10-25T01:45:00+02:00", count: 2) == [
            "2026-10-25T02:00:00+02:00", "2026-10-25T02:30:00+02:00",
        ])
        #expect(try cronTimes("*/30 2 * * *", in: "Europe/Berlin", after: "2026-10-25T01:45:00+02:00", count: 4) == [
            "2026-10-25T02:00:00+02:00", "2026-10-25T02:30:00+02:00",
            "2026-10-25T02:00:00+01:00", "2026-10-25T02:30:00+01:00",
        ])
    }

    @Test("the gap policy .skip overrides a fixed-time job")
    func gapPolicySkip() throws {
        let policy = DaylightSavingPolicy(gap: .skip)
        #expect(try cronTimes("30 2 * * *", in: "Europe/Berlin", after: "2026-03-28T12:00:00+01:00", count: 2,
                              daylightSaving: policy) == ["2026-03-30T02:30:00+02:00", "2026-03-31T02:30:00+02:00"])
    }

    @Test("the gap policy .runAfterGap overrides a wildcard job")
    func gapPolicyRunAfterGap() throws {
        let policy = DaylightSavingPolicy(gap: .runAfterGap)
        #expect(try cronTimes("*/30 2 * * *", in: "Europe/Berlin", after: "2026-03-29T01:00:00+01:00", count: 2,
                              daylightSaving: policy) == ["2026-03-29T03:00:00+02:00", "2026-03-30T02:00:00+02:00"])
    }

    @Test("the overlap policy .bothPasses overrides a fixed-time job")
    func overlapPolicyBothPasses() throws {
        let policy = DaylightSavingPolicy(overlap: .bothPasses)
        #expect(try cronTimes("30 2 * * *", in: "Europe/Berlin", after: "2026-10-25T00:00:00+02:00", count: 3,
                              daylightSaving: policy) == [
            "2026-10-25T02:30:00+02:00", "2026-10-25T02:30:00+01:00", "2026-10-26T02:30:00+01:00",
        ])
    }

    @Test("the overlap policy .firstPass overrides a wildcard job")
    func overlapPolicyFirstPass() throws {
        let policy = DaylightSavingPolicy(overlap: .firstPass)
        #expect(try cronTimes("*/30 2 * * *", in: "Europe/Berlin", after: "2026-10-25T01:45:00+02:00", count: 3,
                              daylightSaving: policy) == [
            "2026-10-25T02:00:00+02:00", "2026-10-25T02:30:00+02:00", "2026-10-26T02:00:00+01:00",
        ])
    }

    @Test("a job is a wildcard job when its second, minute or hour field starts with *", arguments: [
        ("* 0 2 * * *", true), ("0 * 2 * * *", true), ("0 0 */2 * * *", true), ("*/15 * * * *", true),
        ("0 2 * * *", false), ("30 0 2 * * *", false), ("0 0-59/5 2 * * *", false), ("@hourly", true), ("@daily", false),
    ])
    func wildcardClassification(expression: String, isWildcard: Bool) throws {
        #expect(try CronExpression(expression).isWildcard == isWildcard)
    }

    @Test("named fields defaulted to * make a wildcard job")
    func fieldsWildcardClassification() throws {
        #expect(try CronExpression(fields: CronFields(minute: "0")).isWildcard)
        #expect(try !CronExpression(fields: CronFields(hour: "2")).isWildcard)
    }

    @Test("an interval trigger keeps elapsed spacing across a transition")
    func intervalUsesElapsedTime() throws {
        let zone = try TimeZone.named("Europe/Berlin")
        let trigger = try IntervalTrigger(hours: 1, start: instant("2026-03-29T00:30:00+01:00"))
        #expect(try fireTimes(trigger, after: "2026-03-29T00:00:00+01:00", count: 4, in: zone) == [
            "2026-03-29T00:30:00+01:00", "2026-03-29T01:30:00+01:00",
            "2026-03-29T03:30:00+02:00", "2026-03-29T04:30:00+02:00",
        ])
    }

    @Test("a transition at midnight: the day starts at 01:00 (Santiago)")
    func midnightTransition() throws {
        #expect(try cronTimes("0 0 * * *", in: "America/Santiago", after: "2024-09-07T12:00:00-04:00", count: 2) == [
            "2024-09-08T01:00:00-03:00", "2024-09-09T00:00:00-03:00",
        ])
    }

    @Test("a 30-minute transition (Lord Howe)")
    func halfHourTransition() throws {
        #expect(try cronTimes("15 2 * * *", in: "Australia/Lord_Howe", after: "2025-10-04T12:00:00+10:30", count: 2) == [
            "2025-10-05T02:30:00+11:00", "2025-10-06T02:15:00+11:00",
        ])
    }
}
