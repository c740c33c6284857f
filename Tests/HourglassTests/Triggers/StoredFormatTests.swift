import Foundation
import Testing

@testable import Hourglass

/// The stored JSON of triggers and options: what the stores write and what they read back.
/// Each text is a row as stored (by ``StoredJSONObject`` or by `JSONEncoder` with sorted
/// keys, which write the same bytes), so rows keep reading whichever way they were written.
@Suite("Stored JSON of triggers and options")
struct StoredFormatTests {
    /// Checks that `text` reads as `value` and that `value` is written as `text`.
    private func expectStored(
        _ value: AnyTrigger, as text: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(try JSONDecoder().decode(AnyTrigger.self, from: Data(text.utf8)) == value, sourceLocation: sourceLocation)
        let written = try StoredJob.json(value)
        #expect(written == text, sourceLocation: sourceLocation)
    }

    private static let start = Date(timeIntervalSince1970: 1_790_000_000.5)

    @Test("interval, date and reboot triggers")
    func simpleTriggers() throws {
        try expectStored(
            AnyTrigger(IntervalTrigger(every: .seconds(60), start: Self.start)),
            as: #"{"intervalNanoseconds":60000000000,"start":1790000000.5,"type":"interval","version":1}"#)
        try expectStored(
            AnyTrigger(
                IntervalTrigger(
                    every: .milliseconds(1), start: Date(timeIntervalSince1970: 0), end: Date(timeIntervalSince1970: 86_400),
                    jitter: .milliseconds(250))),
            as: #"{"end":86400,"intervalNanoseconds":1000000,"jitterNanoseconds":250000000,"start":0,"type":"interval","version":1}"#
        )
        try expectStored(
            AnyTrigger(DateTrigger(at: Self.start, jitter: .seconds(3))),
            as: #"{"date":1790000000.5,"jitterNanoseconds":3000000000,"type":"date","version":1}"#)
        try expectStored(AnyTrigger(RebootTrigger()), as: #"{"type":"reboot","version":1}"#)
    }

    @Test("cron triggers, with a zone name holding a slash, and combinations")
    func cronAndCombinations() throws {
        let cron = try CronTrigger(
            "*/5 9-17 * * mon-fri", timeZone: .named("America/New_York"), start: Self.start, jitter: .seconds(1))
        let cronText =
            #"{"expression":"*\/5 9-17 * * mon-fri","jitterNanoseconds":1000000000,"start":1790000000.5,"#
            + #""timeZone":"America\/New_York","type":"cron","version":1}"#
        try expectStored(AnyTrigger(cron), as: cronText)
        let date = try DateTrigger(at: Self.start)
        let dateText = #"{"date":1790000000.5,"type":"date","version":1}"#
        try expectStored(
            AnyTrigger(AndTrigger([cron, date], jitter: .seconds(2), searchLimit: 77)),
            as: #"{"jitterNanoseconds":2000000000,"members":[\#(cronText),\#(dateText)],"searchLimit":77,"type":"and","version":1}"#)
        try expectStored(
            AnyTrigger(OrTrigger([cron, OrTrigger([date])])),
            as: #"{"members":[\#(cronText),{"members":[\#(dateText)],"type":"or","version":1}],"type":"or","version":1}"#)
    }

    @Test("named cron fields, a daylight saving policy and calendar intervals")
    func encoderOnlyForms() throws {
        let fields = AnyTrigger(try CronTrigger(fields: CronFields(day: "last", hour: "9"), timeZone: .named("UTC")))
        #expect(try JSONDecoder().decode(AnyTrigger.self, from: Data(StoredJob.json(fields).utf8)) == fields)
        let policy = AnyTrigger(try CronTrigger("30 2 * * *", daylightSaving: DaylightSavingPolicy(gap: .skip)))
        #expect(try JSONDecoder().decode(AnyTrigger.self, from: Data(StoredJob.json(policy).utf8)) == policy)
        let calendar = try CalendarIntervalTrigger(
            months: 1, at: .init(hour: 18), startDate: .init(year: 2026, month: 1, day: 31), monthEnd: .clamp,
            timeZone: .named("Europe/Berlin"))
        try expectStored(
            AnyTrigger(calendar),
            as: #"{"days":0,"monthEnd":"clamp","months":1,"startDate":{"day":31,"month":1,"year":2026},"#
                + #""time":{"hour":18,"minute":0,"second":0},"timeZone":"Europe\/Berlin","type":"calendarInterval","version":1}"#)
    }

    @Test("options: every field, with escapes, read back and written the same")
    func options() throws {
        let options = JobOptions(
            misfireGraceTime: .seconds(30), coalesce: .all, catchUpLimit: 7, maxConcurrentRuns: 2, overflow: .queue,
            executor: "pool/\"blocking\"", timeout: .milliseconds(1_500),
            retry: RetryPolicy(maxAttempts: 4, initialBackoff: .milliseconds(10), multiplier: 1.5),
            tags: ["b", "a", "line\nbreak"], metadata: ["team": "ops", "path": "/var/log"], recoverAbandonedRuns: true)
        let text =
            #"{"catchUpLimit":7,"coalesce":"all","executor":"pool\/\"blocking\"","maxConcurrentRuns":2,"#
            + #""metadata":{"path":"\/var\/log","team":"ops"},"misfireGraceTimeNanoseconds":30000000000,"overflow":"queue","#
            + #""recoverAbandonedRuns":true,"retry":{"initialBackoffNanoseconds":10000000,"maxAttempts":4,"#
            + #""maximumBackoffNanoseconds":300000000000,"multiplier":1.5},"tags":["a","b","line\nbreak"],"#
            + #""timeoutNanoseconds":1500000000}"#
        #expect(try JSONDecoder().decode(JobOptions.self, from: Data(text.utf8)) == options)
        #expect(try StoredJob.json(options) == text)
        #expect(try StoredJob.json(JobOptions(maxConcurrentRuns: 3)) == #"{"maxConcurrentRuns":3}"#)
    }
}
