import Foundation
import Hourglass
import HourglassTesting
import Testing
import HourglassTestSupport

@Suite("Cron errors")
struct CronErrorTests {
    private func parseError(_ expression: String) -> TriggerError? {
        do {
            _ = try CronExpression(expression)
            return nil
        } catch {
            return error
        }
    }

    @Test("a parse error names the field, the text and its 1-based position", arguments: [
        ("0 9 * * fry", "day-of-week", "fry", 9),
        ("61 * * * *", "minute", "61", 1),
        ("0 24 * * *", "hour", "24", 3),
        ("0 0 32 * *", "day-of-month", "32", 5),
        ("0 0 * 13 *", "month", "13", 7),
        ("0 0 * jan-foo *", "month", "foo", 11),
        ("0 0 0 * * * 99", "year", "99", 13),
        ("5-/2 * * * *", "minute", "", 3),
        ("0 L * * *", "hour", "L", 3),
    ])
    func namesFieldTextAndPosition(expression: String, field: String, text: String, position: Int) throws {
        let error = try #require(parseError(expression))
        #expect(error.code == .invalidExpression)
        #expect(error.field == field)
        #expect(error.text == text)
        #expect(error.position == position)
        #expect(error.description.hasPrefix("\(field): '\(text)' at position \(position) "))
    }

    @Test("the wrong number of fields is explained")
    func fieldCount() throws {
        let error = try #require(parseError("* * *"))
        #expect(error.reason.contains("has 3 fields"))
    }

    @Test("an expression that can never fire is rejected with that reason", arguments: [
        "0 0 30 2 *", "0 0 31 apr *", "0 0 0 31 2 ? 2028",
    ])
    func neverFires(expression: String) throws {
        let error = try #require(parseError(expression))
        #expect(error.code == .neverFires)
        #expect(error.description.contains("can never fire"))
    }

    @Test("named fields that can never fire are rejected")
    func fieldsNeverFire() {
        #expect(throws: TriggerError.self) { try CronExpression(fields: CronFields(month: "1", week: "30")) }
        #expect(throws: TriggerError.self) { try CronExpression(fields: CronFields(day: "last", week: "11")) }
    }

    @Test("an unknown time zone names the zone")
    func unknownZone() throws {
        do {
            _ = try TimeZone.named("Mars/Olympus_Mons")
            Issue.record("an unknown zone was accepted")
        } catch {
            #expect(error.code == .unknownTimeZone)
            #expect(error.description.contains("Mars/Olympus_Mons"))
        }
    }

    @Test("thousands of random and malformed expressions never crash the parser")
    func fuzzParser() throws {
        var generator = SplitMix64(seed: 0x5EED)
        let alphabet = Array("0123456789*/-,?#LW@ abcdefghijklmnopqrstuvwxyzJANMONSUNFRI\t")
        let fieldPieces = [
            ["0", "*/15", "5-10", "30", "*"], ["0", "*/5", "1-59/7", "15,45", "*"], ["0", "9", "*/2", "8-17", "*"],
            ["*", "1", "L", "15W", "LW", "L-3", "1,15", "?", "*/3"], ["*", "jan", "2", "3-6", "*/2"],
            ["*", "mon-fri", "5L", "1#2", "0,7", "?", "sun"], ["*", "2026", "2027-2030"],
        ]
        var parsed = 0
        for round in 0..<20_000 {
            var text = ""
            if round % 2 == 0 {
                let count = [5, 6, 7, Int(generator.next() % 9)][Int(generator.next() % 4)]
                let positions = count == 5 ? Array(1...5) : Array(0..<min(count, 7))
                text = positions.map { position in
                    let choices = fieldPieces[position]
                    if generator.next() % 10 == 0 {
                        return String((0..<3).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
                    }
                    return choices[Int(generator.next() % UInt64(choices.count))]
                }.joined(separator: " ")
            } else {
                let length = Int(generator.next() % 24)
                text = String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            }
            do {
                let trigger = try CronTrigger(text, timeZone: .named("Europe/Berlin"))
                parsed += 1
                let times = try trigger.nextFireTimes(after: Date(timeIntervalSince1970: 1_767_225_600), count: 3)
                #expect(zip(times, times.dropFirst()).allSatisfy { $0 < $1 }, "\(text)")
            } catch {
                #expect(!error.description.isEmpty)
            }
        }
        #expect(parsed > 2_000)
    }
}
