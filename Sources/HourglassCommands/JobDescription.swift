import Foundation
import Hourglass
import HourglassDaemon

/// How the commands show a job in words.
enum JobDescription {
    /// scheduled, paused, unrunnable (no handler here), at start (`@reboot`: runs when
    /// the daemon starts) or finished (no next run).
    static func state(of job: Job) -> String { job.state.rawValue }

    /// The command line of a command job; the handler's name for any other.
    static func command(of job: Job) -> String { CommandSpec.describe(job) }

    /// The zone a job's times are shown in: its trigger's (a cron or calendar trigger, or the
    /// first such member of a combination), else `fallback` (the file's zone, or UTC).
    static func zone(of job: Job, default fallback: TimeZone) -> TimeZone {
        job.trigger.timeZone ?? fallback
    }

    /// A time in `zone`, or `-` for none.
    static func time(_ date: Date?, in zone: TimeZone) -> String {
        date.map { ISO8601Timestamp.format($0, in: zone) } ?? "-"
    }

    /// `value` as `--json` output: pretty-printed, sorted keys, ISO-8601 dates.
    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try jsonEncoder.encode(value), as: UTF8.self)
    }

    private static var jsonEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISO8601Timestamp.format(date, in: .gmt))
        }
        return encoder
    }
}
