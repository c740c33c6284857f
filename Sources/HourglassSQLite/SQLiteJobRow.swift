import Foundation
import GRDB
import Hourglass
import Synchronization

/// A job as one row of `hourglass_jobs`: the trigger, arguments and options in their
/// documented JSON forms, the next run time in seconds since 1970, and the claim.
enum SQLiteJobRow {
    /// The columns a job reads from, in this order.
    static let columns = "id, name, trigger, handler, arguments, options, next_run_time, paused"

    /// The values of ``columns`` for one job.
    struct Values: Sendable {
        var id: String
        var name: String?
        var trigger: String
        var handler: String
        var arguments: String?
        var options: String?
        var nextRunTime: Double?
        var paused: Bool

        /// The values in column order, then `extra`.
        func arguments(then extra: [String] = []) -> StatementArguments {
            StatementArguments([id, name, trigger, handler, arguments, options, nextRunTime, paused] as [(any DatabaseValueConvertible)?])
                + StatementArguments(extra)
        }
    }

    /// The values of ``columns`` for `job`.
    static func values(of job: Job, path: String) throws -> Values {
        guard case .handler(let handler, let arguments) = job.target else {
            throw SchedulerError(
                code: .closureNotStorable, field: "job '\(job.id)'",
                reason: "is a closure job; store '\(path)' keeps only handlers registered by name")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let trigger = String(decoding: try encoder.encode(job.trigger), as: UTF8.self)
        let options = job.options == JobOptions() ? nil : String(decoding: try encoder.encode(job.options), as: UTF8.self)
        return Values(
            id: job.id.rawValue, name: job.name, trigger: trigger, handler: handler, arguments: arguments?.json,
            options: options, nextRunTime: job.nextRunTime?.timeIntervalSince1970, paused: job.isPaused)
    }

    /// The job in `row`, whose first columns are ``columns``.
    static func job(from row: Row, path: String) throws -> Job {
        let id: String = row[0]
        do {
            let decoder = JSONDecoder()
            let trigger = try triggers.decode(row[2] as String)
            let options = try (row[5] as String?).map { try decoder.decode(JobOptions.self, from: Data($0.utf8)) } ?? JobOptions()
            var job = Job(
                id: JobID(id), name: row[1], trigger: trigger,
                target: .handler(name: row[3], arguments: (row[4] as String?).map(JobArguments.init(json:))),
                options: options, nextRunTime: (row[6] as Double?).map(Date.init(timeIntervalSince1970:)), isPaused: row[7])
            job.trigger = trigger
            return job
        } catch {
            throw SchedulerError(
                code: .unsupportedFormat, field: "job '\(id)' in store '\(path)'",
                reason: "cannot be read: \(error). It may have been written by a newer Hourglass")
        }
    }

    /// A JSON array of strings, for `json_each(?)`.
    static func jsonArray(_ strings: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(strings)) ?? Data("[]".utf8), as: UTF8.self)
    }

    /// Triggers decoded from their JSON text. Jobs often share a trigger's text (one cron
    /// expression, one date), and decoding JSON costs more than the rest of reading a row.
    static let triggers = TriggerCache()
}

/// Decoded triggers by their exact JSON text, up to 4,096; emptied when full.
final class TriggerCache: Sendable {
    private let entries = Mutex<[String: AnyTrigger]>([:])

    func decode(_ json: String) throws -> AnyTrigger {
        if let trigger = entries.withLock({ $0[json] }) { return trigger }
        let trigger = try JSONDecoder().decode(AnyTrigger.self, from: Data(json.utf8))
        entries.withLock { entries in
            if entries.count >= 4_096 { entries.removeAll(keepingCapacity: true) }
            entries[json] = trigger
        }
        return trigger
    }
}
