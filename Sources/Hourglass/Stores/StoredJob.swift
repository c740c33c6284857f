import Foundation
import Synchronization

/// A job as persistent stores keep it in one row: the trigger, arguments and options in
/// their documented JSON forms, and the next run time in seconds since 1970. Shared by
/// the SQLite and PostgreSQL stores.
package struct StoredJob: Sendable {
    package var id: String
    package var name: String?
    package var trigger: String
    package var handler: String
    package var arguments: String?
    /// Nil for the default options.
    package var options: String?
    package var nextRunTime: Double?
    package var paused: Bool

    package init(
        id: String, name: String?, trigger: String, handler: String, arguments: String?, options: String?,
        nextRunTime: Double?, paused: Bool
    ) {
        self.id = id
        self.name = name
        self.trigger = trigger
        self.handler = handler
        self.arguments = arguments
        self.options = options
        self.nextRunTime = nextRunTime
        self.paused = paused
    }

    /// The row of `job`.
    ///
    /// - Throws: ``SchedulerError/Code/closureNotStorable`` for a closure job, naming `store`.
    package init(_ job: Job, store: String) throws {
        guard case .handler(let handler, let arguments) = job.target else {
            throw SchedulerError(
                code: .closureNotStorable, field: "job '\(job.id)'",
                reason: "is a closure job; store \(store) keeps only handlers registered by name")
        }
        self.init(
            id: job.id.rawValue, name: job.name, trigger: try Self.json(job.trigger), handler: handler,
            arguments: arguments?.json, options: job.options == JobOptions() ? nil : try Self.json(job.options),
            nextRunTime: job.nextRunTime?.timeIntervalSince1970, paused: job.isPaused)
    }

    /// `value`'s stored JSON form: written straight to text when it can be, else by `JSONEncoder`.
    package static func json(_ value: some Encodable & StoredJSONWritable) throws -> String {
        if let object = value.storedJSONObject() { return object.text }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// The job in this row.
    ///
    /// - Throws: ``SchedulerError/Code/unsupportedFormat`` naming the job and `store` when
    ///   the JSON does not decode (it may have been written by a newer Hourglass).
    package func job(store: String) throws -> Job {
        do {
            let trigger = try Self.triggers.decode(trigger)
            let options = try options.map { try JSONDecoder().decode(JobOptions.self, from: Data($0.utf8)) } ?? JobOptions()
            var job = Job(
                id: JobID(id), name: name, trigger: trigger,
                target: .handler(name: handler, arguments: arguments.map(JobArguments.init(json:))),
                options: options, nextRunTime: nextRunTime.map(Date.init(timeIntervalSince1970:)), isPaused: paused)
            // Kept as decoded, not wrapped a second time.
            job.trigger = trigger
            return job
        } catch {
            throw SchedulerError(
                code: .unsupportedFormat, field: "job '\(id)' in store \(store)",
                reason: "cannot be read: \(DecodingProblem.describe(error)). It may have been written by a newer Hourglass")
        }
    }

    /// Triggers decoded from their JSON text. Jobs often share a trigger's text (one cron
    /// expression, one date), and decoding JSON costs more than the rest of reading a row.
    private static let triggers = TriggerCache()
}

/// Decoded triggers by their exact JSON text, up to 4,096; emptied when full.
private final class TriggerCache: Sendable {
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
