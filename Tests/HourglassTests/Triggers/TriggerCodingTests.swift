import Foundation
import Hourglass
import Testing
import HourglassTestSupport

@Suite("Trigger JSON form")
struct TriggerCodingTests {
    static func allTriggers() throws -> [AnyTrigger] {
        let berlin = try TimeZone.named("Europe/Berlin")
        let start = Date(timeIntervalSince1970: 1_767_225_600.125)
        return [
            AnyTrigger(try CronTrigger("0 9 * * mon-fri", timeZone: berlin)),
            AnyTrigger(try CronTrigger(
                fields: CronFields(day: "last fri", hour: "9"), timeZone: berlin, start: start,
                end: start.addingTimeInterval(86_400 * 400), jitter: .seconds(3),
                daylightSaving: DaylightSavingPolicy(gap: .skip, overlap: .bothPasses))),
            AnyTrigger(try IntervalTrigger(every: .milliseconds(1_500), start: start, end: start.addingTimeInterval(60))),
            AnyTrigger(try DateTrigger(at: start, jitter: .milliseconds(250))),
            AnyTrigger(try CalendarIntervalTrigger(
                months: 1, at: .init(hour: 18, minute: 30), startDate: .init(year: 2026, month: 1, day: 31),
                monthEnd: .skip, timeZone: berlin)),
            AnyTrigger(try AndTrigger([
                try CronTrigger("0 12 * * *"), try IntervalTrigger(hours: 48, start: Date(timeIntervalSince1970: 1_767_268_800)),
            ])),
            AnyTrigger(try OrTrigger([try CronTrigger("@daily"), try DateTrigger(at: start)])),
        ]
    }

    @Test("every trigger round-trips exactly through JSON")
    func roundTrip() throws {
        for trigger in try Self.allTriggers() {
            let data = try JSONEncoder().encode(trigger)
            let decoded = try JSONDecoder().decode(AnyTrigger.self, from: data)
            #expect(decoded == trigger, "\(String(decoding: data, as: UTF8.self))")
            let after = Date(timeIntervalSince1970: 1_767_225_600)
            #expect(try decoded.nextFireTimes(after: after, count: 3) == trigger.nextFireTimes(after: after, count: 3))
        }
    }

    @Test("the JSON form carries a type tag and a format version")
    func header() throws {
        let data = try JSONEncoder().encode(try CronTrigger("*/5 * * * *", timeZone: .named("Europe/Berlin")))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["type"] as? String == "cron")
        #expect(object["version"] as? Int == 1)
        #expect(object["expression"] as? String == "*/5 * * * *")
        #expect(object["timeZone"] as? String == "Europe/Berlin")
    }

    @Test("a stored form from a newer version is refused with a clear error")
    func newerVersion() {
        let json = #"{"type":"cron","version":2,"expression":"* * * * *","timeZone":"UTC"}"#
        do {
            _ = try JSONDecoder().decode(AnyTrigger.self, from: Data(json.utf8))
            Issue.record("a newer format was accepted")
        } catch {
            #expect("\(error)".contains("newer than this build reads"))
        }
    }

    @Test("an unknown type tag is refused")
    func unknownType() {
        let json = #"{"type":"lunar","version":1}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(AnyTrigger.self, from: Data(json.utf8)) }
    }

    @Test("a stored expression that is invalid is refused, not crashed on")
    func invalidStoredExpression() {
        let json = #"{"type":"cron","version":1,"expression":"0 0 30 2 *","timeZone":"UTC"}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(CronTrigger.self, from: Data(json.utf8)) }
    }

    @Test("a stored trigger with an unknown time zone is refused with the zone's name")
    func unknownStoredZone() {
        let json = #"{"type":"cron","version":1,"expression":"* * * * *","timeZone":"Mars/Base"}"#
        do {
            _ = try JSONDecoder().decode(CronTrigger.self, from: Data(json.utf8))
            Issue.record("an unknown zone was accepted")
        } catch {
            #expect("\(error)".contains("Mars/Base"))
        }
    }
}
