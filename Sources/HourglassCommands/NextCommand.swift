import ArgumentParser
import Foundation
import Hourglass

/// `hourglass next`: the next fire times of a cron expression, and what it means in words.
struct NextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "next",
        abstract: "Show the next fire times of a cron expression.",
        discussion: """
            Examples:
              hourglass next "0 9 * * mon-fri" --tz Europe/Berlin --count 3
              hourglass next --fields 'day=last fri,hour=9'
              hourglass next "H H * * *" --hash-id backup
              hourglass next --batch < requests.jsonl    (one JSON request per line; see the README)
            """)

    @Argument(help: "A crontab expression: 5, 6 or 7 fields, or a nickname such as @daily.")
    var expression: String?

    @Option(name: .customLong("hash-id"), help: "The job id that H values (H H * * *) are hashed from.")
    var hashID: String?

    @Option(name: .customLong("tz"), help: "The IANA time zone the expression is read in.")
    var timeZone = "UTC"

    @Option(help: "Show fire times strictly after this ISO-8601 instant (default: now).")
    var after: String?

    @Option(help: "How many fire times to show.")
    var count = 5

    @Option(help: "Named fields with APScheduler's meaning instead of a crontab string, e.g. 'day=last fri,hour=9'.")
    var fields: String?

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Flag(help: "Read JSON Lines requests from standard input and answer each on one line.")
    var batch = false

    func validate() throws {
        if batch {
            guard expression == nil, fields == nil else {
                throw ValidationError("--batch reads its requests from standard input; give no expression or --fields")
            }
            return
        }
        guard (expression == nil) != (fields == nil) else {
            throw ValidationError("give either a crontab expression or --fields, not both or neither")
        }
        guard (0...100_000).contains(count) else {
            throw ValidationError("--count must be from 0 to 100000, not \(count)")
        }
    }

    func run() throws {
        if batch {
            BatchRunner.run()
            return
        }
        do throws(TriggerError) {
            let zone = try TimeZone.named(timeZone)
            let cron: CronExpression
            if let fields {
                cron = try CronExpression(fields: FieldsOption.parse(fields))
            } else {
                cron = try CronExpression(expression ?? "", hashID: hashID)
            }
            let start = try TriggerRequest.instant(after, field: "--after") ?? Date()
            let trigger = try CronTrigger(cron, timeZone: zone)
            let times = try trigger.nextFireTimes(after: start, count: count).map {
                ISO8601Timestamp.format($0, in: trigger.timeZone)
            }
            print(json ? render(cron, zone: trigger.timeZone, times: times) : renderText(cron, times: times))
        } catch {
            FileHandle.standardError.write(Data("hourglass next: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }

    private func renderText(_ cron: CronExpression, times: [String]) -> String {
        (times.isEmpty ? ["(no further fire times)"] : times).joined(separator: "\n") + "\n" + cron.humanDescription
    }

    private func render(_ cron: CronExpression, zone: TimeZone, times: [String]) -> String {
        struct Output: Encodable {
            var expression: String
            var timeZone: String
            var description: String
            var next: [String]
        }
        let encoder = lineEncoder()
        let output = Output(
            expression: cron.description, timeZone: zone.displayName, description: cron.humanDescription, next: times)
        guard let data = try? encoder.encode(output) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
