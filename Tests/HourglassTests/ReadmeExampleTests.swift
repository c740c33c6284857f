import Foundation
import Hourglass
import Testing

/// The README's quick start, kept here so that it compiles and runs with the tests.
/// Keep the two in step: the code between the markers is copied into README.md.
@Suite("README quick start")
struct ReadmeExampleTests {
    @Test("the quick start runs and prints what the README says")
    func quickStart() throws {
        // README begin
        let trigger = try CronTrigger("0 9 * * mon-fri", timeZone: .named("Europe/Berlin"))
        let after = ISO8601Timestamp.parse("2026-03-27T12:00:00+01:00") ?? .now
        for date in try trigger.nextFireTimes(after: after, count: 3) {
            print(ISO8601Timestamp.format(date, in: trigger.timeZone))
        }
        print(trigger.expression.humanDescription)
        // 2026-03-30T09:00:00+02:00
        // 2026-03-31T09:00:00+02:00
        // 2026-04-01T09:00:00+02:00
        // At 09:00, Monday through Friday
        // README end
        let times = try trigger.nextFireTimes(after: after, count: 3).map { ISO8601Timestamp.format($0, in: trigger.timeZone) }
        #expect(times == ["2026-03-30T09:00:00+02:00", "2026-03-31T09:00:00+02:00", "2026-04-01T09:00:00+02:00"])
        #expect(trigger.expression.humanDescription == "At 09:00, Monday through Friday")
    }

    @Test("README.md shows the quick start exactly as this file runs it")
    func readmeMatches() throws {
        let testFile = URL(fileURLWithPath: #filePath)
        let root = testFile.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let source = try String(contentsOf: testFile, encoding: .utf8)
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        let begin = try #require(lines.firstIndex { $0.hasSuffix("// README begin") })
        let end = try #require(lines.firstIndex { $0.hasSuffix("// README end") })
        let snippet = lines[(begin + 1)..<end].map { $0.dropFirst(8) }.joined(separator: "\n")
        #expect(readme.contains(snippet))
    }
}
