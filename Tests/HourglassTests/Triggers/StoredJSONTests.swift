import Foundation
import HourglassTesting
import Testing

@testable import Hourglass
import HourglassTestSupport

/// The stores write triggers and options as JSON text by hand (``StoredJSONObject``); these
/// tests pin that text to what `JSONEncoder` with `.sortedKeys` writes, byte for byte.
@Suite("Stored JSON written by hand")
struct StoredJSONTests {
    /// What the stores wrote before the hand-written text, and still write for values that
    /// leave their form to it.
    private func encoderText(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Checks that `value` is written by hand (unless `byHand` is false) and that the
    /// text is `JSONEncoder`'s.
    private func expectSameText(
        _ value: some Encodable & StoredJSONWritable, byHand: Bool = true, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect((value.storedJSONObject() != nil) == byHand, sourceLocation: sourceLocation)
        #expect(try StoredJob.json(value) == encoderText(value), sourceLocation: sourceLocation)
    }

    private static let start = Date(timeIntervalSince1970: 1_790_000_000.123_456)

    @Test("interval and date triggers, with and without end and jitter, at odd instants")
    func intervalsAndDates() throws {
        try expectSameText(AnyTrigger(IntervalTrigger(every: .seconds(60), start: Self.start)))
        try expectSameText(AnyTrigger(IntervalTrigger(every: .milliseconds(1), start: Date(timeIntervalSince1970: 0))))
        try expectSameText(
            AnyTrigger(
                IntervalTrigger(
                    every: .seconds(86_400 * 365) + .nanoseconds(7), start: Date(timeIntervalSince1970: -12_345.5),
                    end: Date(timeIntervalSince1970: 1e17), jitter: .milliseconds(250))))
        try expectSameText(AnyTrigger(IntervalTrigger(every: .seconds(60))))
        try expectSameText(AnyTrigger(DateTrigger(at: Self.start)))
        try expectSameText(AnyTrigger(DateTrigger(at: Date(timeIntervalSince1970: 1e-7), jitter: .seconds(3))))
        try expectSameText(AnyTrigger(DateTrigger(at: Date(timeIntervalSince1970: 4_102_444_800))))
        try expectSameText(AnyTrigger(RebootTrigger()))
    }

    @Test("random instants and spans write their numbers as JSONEncoder does")
    func randomNumbers() throws {
        var random = SplitMix64(seed: 0x5EED_0004)
        for _ in 0..<500 {
            let seconds = (random.unit() - 0.3) * pow(10, Double(random.next() % 12))
            let interval = Duration.nanoseconds(Int64(1_000_000 + random.next() % 1_000_000_000_000_000))
            let start = Date(timeIntervalSince1970: seconds)
            try expectSameText(AnyTrigger(IntervalTrigger(every: interval, start: start, jitter: interval / 3)))
            try expectSameText(AnyTrigger(DateTrigger(at: start)))
        }
    }

    @Test("cron triggers: zone names with a slash, start and end, and combinations")
    func cronAndCombinations() throws {
        let cron = try CronTrigger(
            "*/5 9-17 * * mon-fri", timeZone: .named("America/New_York"), start: Self.start,
            end: Self.start.addingTimeInterval(86_400), jitter: .seconds(1))
        try expectSameText(AnyTrigger(cron))
        try expectSameText(AnyTrigger(CronTrigger("0 0 * * *")))
        let interval = try IntervalTrigger(every: .seconds(90), start: Self.start)
        try expectSameText(AnyTrigger(AndTrigger([cron, interval], jitter: .seconds(2), searchLimit: 77)))
        try expectSameText(AnyTrigger(OrTrigger([cron, OrTrigger([interval, DateTrigger(at: Self.start)])])))
    }

    @Test("forms left to JSONEncoder: named cron fields, a daylight saving policy, calendar intervals, and any combination holding one")
    func leftToEncoder() throws {
        let fields = try CronTrigger(fields: CronFields(day: "last", hour: "9"), timeZone: .named("Europe/Berlin"))
        try expectSameText(AnyTrigger(fields), byHand: false)
        try expectSameText(
            AnyTrigger(CronTrigger("30 2 * * *", daylightSaving: DaylightSavingPolicy(gap: .skip))), byHand: false)
        let calendar = try CalendarIntervalTrigger(
            months: 1, at: .init(hour: 18), startDate: .init(year: 2026, month: 1, day: 31), monthEnd: .clamp,
            timeZone: .named("Europe/Berlin"))
        try expectSameText(AnyTrigger(calendar), byHand: false)
        try expectSameText(AnyTrigger(OrTrigger([CronTrigger("0 * * * *"), calendar])), byHand: false)
    }

    @Test("options: every field, with escapes in tags, metadata and the executor's name")
    func options() throws {
        try expectSameText(JobOptions())
        try expectSameText(JobOptions(maxConcurrentRuns: 3))
        try expectSameText(
            JobOptions(
                misfireGraceTime: .seconds(30), coalesce: .all, catchUpLimit: 7, maxConcurrentRuns: 2, overflow: .queue,
                executor: "pool/\"blocking\"", timeout: .milliseconds(1_500),
                retry: RetryPolicy(maxAttempts: 4, initialBackoff: .milliseconds(10), multiplier: 1.5),
                tags: ["b", "a", "ß/ü", "line\nbreak", "\u{1}\u{8}\u{C}\t\r\\"],
                metadata: ["team": "ops", "Zeta": "last?", "path": "/var/log", "": "empty key", "日本": "\u{1F}"],
                recoverAbandonedRuns: true))
        try expectSameText(JobOptions(coalesce: .earliest, retry: RetryPolicy(maxAttempts: 1, multiplier: 2)))
    }

    @Test("a number JSONEncoder refuses is left to it, so the store reports its error")
    func nonFiniteNumber() throws {
        let options = JobOptions(retry: RetryPolicy(maxAttempts: 2, multiplier: .infinity))
        #expect(options.storedJSONObject() == nil)
        #expect(throws: EncodingError.self) { try StoredJob.json(options) }
    }
}
