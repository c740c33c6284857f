import Foundation
import Hourglass
import HourglassTesting
import Testing
import HourglassTestSupport

/// Big values through the Swift API: a typed error at construction or decoding, and
/// saturating arithmetic at run time, never a trap.
@Suite("Limits of spans, steps and multipliers in triggers and options")
struct LimitTests {
    static let hundredYears = Duration.seconds(36_525 * 86_400)
    static let tooLong = Duration.seconds(106_752 * 86_400)
    static let start = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

    @Test("an interval longer than 100 years is refused with its field and value; 100 years is fine")
    func intervalSpan() throws {
        let error = #expect(throws: TriggerError.self) { try IntervalTrigger(every: Self.tooLong, start: Self.start) }
        #expect(error?.code == .invalidArgument && error?.field == "interval" && error?.text == "106752d", "\(String(describing: error))")
        #expect(error?.description.contains("36525d (100 years)") == true, "\(String(describing: error))")
        #expect(throws: TriggerError.self) { try IntervalTrigger(every: .seconds(Int64.max)) }
        let longest = try IntervalTrigger(every: Self.hundredYears, start: Self.start)
        #expect(longest.nextFireTime(after: Self.start) == Self.start.addingTimeInterval(36_525 * 86_400))
    }

    @Test("interval units that overflow when added up are refused, not trapped")
    func intervalUnits() {
        #expect(throws: TriggerError.self) { try IntervalTrigger(weeks: .max) }
        #expect(throws: TriggerError.self) { try IntervalTrigger(days: .max / 2, hours: .max / 2) }
        #expect(throws: TriggerError.self) { try IntervalTrigger(seconds: .min, milliseconds: .min) }
        #expect(throws: TriggerError.self) { try IntervalTrigger(weeks: 5_219, start: Self.start) }
        #expect((try? IntervalTrigger(weeks: 5_217, start: Self.start)) != nil)
    }

    @Test("a jitter longer than 100 years is refused by every trigger")
    func jitterSpan() throws {
        let start = Self.start
        let jitter = Self.tooLong
        let errors: [TriggerError?] = [
            #expect(throws: TriggerError.self) { try CronTrigger("* * * * *", jitter: jitter) },
            #expect(throws: TriggerError.self) { try IntervalTrigger(seconds: 1, start: start, jitter: jitter) },
            #expect(throws: TriggerError.self) { try DateTrigger(at: start, jitter: jitter) },
            #expect(throws: TriggerError.self) {
                try CalendarIntervalTrigger(days: 1, startDate: .init(year: 2026, month: 1, day: 1), jitter: jitter)
            },
            #expect(throws: TriggerError.self) { try AndTrigger([try CronTrigger("@daily")], jitter: jitter) },
            #expect(throws: TriggerError.self) { try OrTrigger([try CronTrigger("@daily")], jitter: jitter) },
        ]
        for error in errors { #expect(error?.field == "jitter" && error?.text == "106752d", "\(String(describing: error))") }
        _ = try DateTrigger(at: start, jitter: Self.hundredYears)
    }

    @Test(
        "a calendar step beyond 10,000 years is refused with its field, not trapped",
        arguments: [
            (Int.max, 1, 0, 0, "years"), (0, Int.max, 0, 1, "months"), (1, 0, Int.max, 0, "weeks"), (0, 1, 1, Int.max, "days"),
            (10_001, 0, 0, 0, "years"), (0, 120_001, 0, 0, "months"), (9_999, 13, 0, 0, "months"), (0, 0, 521_775, 1, "days"),
        ])
    func calendarSteps(_ years: Int, _ months: Int, _ weeks: Int, _ days: Int, _ field: String) throws {
        let error = #expect(throws: TriggerError.self) {
            try CalendarIntervalTrigger(
                years: years, months: months, weeks: weeks, days: days, startDate: .init(year: 2026, month: 1, day: 1))
        }
        #expect(error?.code == .invalidArgument && error?.field == field, "\(String(describing: error))")
        let longest = try CalendarIntervalTrigger(
            years: 10_000, weeks: 521_775, startDate: .init(year: 2026, month: 6, day: 1))
        #expect(try longest.nextFireTimes(after: Self.start, count: 3).count == 1)
    }

    @Test("options with a span over 100 years or a multiplier that is not finite are refused, naming field and value")
    func optionSpans() {
        let cases: [(JobOptions, String)] = [
            (JobOptions(misfireGraceTime: Self.tooLong), "misfireGraceTime"),
            (JobOptions(timeout: Self.tooLong), "timeout"),
            (JobOptions(retry: RetryPolicy(maxAttempts: 2, initialBackoff: Self.tooLong)), "retry.initialBackoff"),
            (JobOptions(retry: RetryPolicy(maxAttempts: 2, maximumBackoff: Self.tooLong)), "retry.maximumBackoff"),
            (JobOptions(retry: RetryPolicy(maxAttempts: 2, multiplier: .infinity)), "retry.multiplier"),
            (JobOptions(retry: RetryPolicy(maxAttempts: 2, multiplier: .nan)), "retry.multiplier"),
        ]
        for (options, field) in cases {
            let error = #expect(throws: SchedulerError.self) { try options.validate() }
            #expect(error?.code == .invalidArgument && error?.field == field, "\(String(describing: error))")
        }
        let spans = #expect(throws: SchedulerError.self) { try JobOptions(timeout: Self.tooLong).validate() }
        #expect(spans?.reason.contains("106752d") == true && spans?.reason.contains("36525d (100 years)") == true)
    }

    @Test("back-off saturates at its maximum after many attempts, whatever the multiplier")
    func backoffSaturates() {
        let hour = Duration.seconds(3_600)
        for multiplier in [2, 10, 1e300, .greatestFiniteMagnitude, .infinity, .nan] {
            let policy = RetryPolicy(maxAttempts: .max, initialBackoff: .seconds(1), multiplier: multiplier, maximumBackoff: hour)
            for attempt in [64, 1_000, 1_000_000, .max] {
                #expect(policy.backoff(afterAttempt: attempt) == hour, "multiplier \(multiplier), attempt \(attempt)")
            }
        }
        let huge = RetryPolicy(maxAttempts: .max, initialBackoff: .seconds(1), multiplier: 10, maximumBackoff: .seconds(Int64.max))
        #expect(huge.backoff(afterAttempt: 1_000) == .seconds(Int64.max))
        let doubling = RetryPolicy(maxAttempts: 5, initialBackoff: .seconds(1), multiplier: 2, maximumBackoff: hour)
        #expect((1...5).map { doubling.backoff(afterAttempt: $0) } == [1, 2, 4, 8, 16].map { Duration.seconds($0) })
        #expect(doubling.backoff(afterAttempt: .min) == .seconds(1))
    }

    @Test("a fire time asked after an instant far outside the calendar is nil or a date, never a trap")
    func farInstants() throws {
        let triggers: [any Trigger] = [
            try CronTrigger("* * * * *", start: Date(timeIntervalSince1970: -1e300)),
            try CalendarIntervalTrigger(days: 1, startDate: .init(year: 2026, month: 1, day: 1)),
            try IntervalTrigger(seconds: 1, start: Self.start),
        ]
        for trigger in triggers {
            for seconds in [1e300, -1e300, .infinity, -.infinity, .nan, 1e12, -1e12] {
                _ = try trigger.nextFireTime(after: Date(timeIntervalSince1970: seconds))
            }
        }
        #expect(try triggers[0].nextFireTime(after: Date(timeIntervalSince1970: 1e300)) == nil)
    }

    @Test("stored JSON with a span, step or limit beyond the limits is a decoding error, not a trap")
    func decoding() {
        let stored = [
            #"{"type":"interval","version":1,"intervalNanoseconds":9223372036854775807,"start":0}"#,
            #"{"type":"interval","version":1,"intervalNanoseconds":1000,"start":0,"jitterNanoseconds":9223372036854775807}"#,
            #"{"type":"date","version":1,"date":0,"jitterNanoseconds":9223372036854775807}"#,
            #"{"type":"calendarInterval","version":1,"months":9223372036854775807,"days":1,"time":{"hour":0,"minute":0,"second":0},"startDate":{"year":2026,"month":1,"day":1},"monthEnd":"clamp","timeZone":"UTC"}"#,
        ]
        for json in stored {
            #expect(throws: DecodingError.self, "\(json)") { try JSONDecoder().decode(AnyTrigger.self, from: Data(json.utf8)) }
        }
        for json in [
            #"{"timeoutNanoseconds":9223372036854775807}"#, #"{"misfireGraceTimeNanoseconds":9223372036854775807}"#,
            #"{"retry":{"maxAttempts":2,"initialBackoffNanoseconds":9223372036854775807,"multiplier":2}}"#,
            #"{"retry":{"maxAttempts":2,"multiplier":1e308,"maximumBackoffNanoseconds":9223372036854775807}}"#,
        ] {
            #expect(throws: DecodingError.self, "\(json)") { try JSONDecoder().decode(JobOptions.self, from: Data(json.utf8)) }
        }
    }

    @Test("property: random numbers in every numeric argument build a value or throw a typed error; never trap")
    func randomArguments() throws {
        var random = SplitMix64(seed: 2_026)
        var built = 0
        var refused = 0
        func int() -> Int { EdgeNumbers.integer(using: &random) }
        for round in 0..<4_000 {
            let span = EdgeNumbers.duration(using: &random)
            let jitter: Duration? = random.next() % 2 == 0 ? nil : EdgeNumbers.duration(using: &random)
            do {
                let trigger: any Trigger
                switch round % 5 {
                case 0: trigger = try IntervalTrigger(every: span, start: Self.start, jitter: jitter)
                case 1:
                    trigger = try IntervalTrigger(
                        weeks: int() % 3 == 0 ? int() : 0, days: int() % 3 == 0 ? int() : 0, hours: int() % 2 == 0 ? int() : 0,
                        minutes: int() % 2 == 0 ? int() : 1, seconds: int(), milliseconds: int(), start: Self.start, jitter: jitter)
                case 2:
                    trigger = try CalendarIntervalTrigger(
                        years: int() % 2 == 0 ? int() : 0, months: int() % 2 == 0 ? int() : 0, weeks: int() % 2 == 0 ? int() : 0,
                        days: int() % 2 == 0 ? int() : 1, startDate: .init(year: 2026, month: 6, day: 1), jitter: jitter)
                case 3: trigger = try DateTrigger(at: Self.start.addingTimeInterval(60), jitter: jitter)
                default: trigger = try CronTrigger("*/5 * * * *", jitter: jitter)
                }
                let multiplier = Double(EdgeNumbers.text(.real, using: &random)) ?? 2
                let options = JobOptions(
                    misfireGraceTime: random.next() % 2 == 0 ? EdgeNumbers.duration(using: &random) : nil,
                    catchUpLimit: random.next() % 2 == 0 ? int() : 100, maxConcurrentRuns: random.next() % 2 == 0 ? int() : 1,
                    timeout: random.next() % 2 == 0 ? EdgeNumbers.duration(using: &random) : nil,
                    retry: RetryPolicy(
                        maxAttempts: int(), initialBackoff: EdgeNumbers.duration(using: &random), multiplier: multiplier,
                        maximumBackoff: EdgeNumbers.duration(using: &random)))
                for attempt in [1, 5, 100, Int.max] { _ = options.retry?.backoff(afterAttempt: attempt) }
                try options.validate()
                try EdgeNumbers.exercise(Job(id: "p", trigger: trigger, target: .handler(name: "h", arguments: nil), options: options))
                built += 1
            } catch is TriggerError {
                refused += 1
            } catch is SchedulerError {
                refused += 1
            }
        }
        #expect(built > 0 && refused > 100, "built \(built), refused \(refused)")
    }
}
