import Foundation
import Hourglass

/// The JSON body of a webhook notification (`format: json`), version 1. Every key is
/// always present (`null` when unknown); timestamps are ISO 8601 in UTC (`+00:00`, with
/// milliseconds when not whole seconds); `run_id` is a string, as the ids use 63 bits.
///
/// ```json
/// {"version": 1, "event": "failure", "job": "backup", "store": "default", "run_id": "5832761429",
///  "fire_time": "2026-01-01T03:00:00+00:00", "started_at": "2026-01-01T03:00:00.012+00:00",
///  "finished_at": "2026-01-01T03:00:04.530+00:00", "outcome": "error", "attempt": 3, "exit_status": 7,
///  "output": "no space left on device", "output_truncated": false, "node": "node-a",
///  "suppressed": 0, "test": false}
/// ```
public struct WebhookPayload: Sendable, Hashable, Codable {
    /// The payload's version: 1.
    public var version = 1
    /// ``NotificationEvent`` raw value: `failure`, `timeout`, `missed`, `abandoned`, `recovered`, `success`, `started`, `test`.
    public var event: String
    /// The job's id.
    public var job: String
    /// The store holding the job.
    public var store: String
    /// The run's history record id, as text; null for a start or a test.
    public var runID: String?
    /// The fire time the run was for.
    public var fireTime: String
    /// When the run started; null if it never did.
    public var startedAt: String?
    /// When the run ended; null for a start.
    public var finishedAt: String?
    /// The run's status: `success`, `error`, `timed_out`, `missed`, `abandoned`, `running`.
    public var outcome: String
    /// The attempt, from 1.
    public var attempt: Int
    /// The command's exit status; null when unknown or ended by a signal.
    public var exitStatus: Int?
    /// The first bytes of the output (1 KiB by default), cut at a character.
    public var output: String?
    /// Whether ``output`` was cut.
    public var outputTruncated: Bool
    /// The node (scheduler id) that ran the run.
    public var node: String
    /// Problem notifications of the job held back since the last one sent (`repeat_after`).
    public var suppressed: Int
    /// Whether this is a test notification (`hourglass notify test`).
    public var test: Bool

    enum CodingKeys: String, CodingKey {
        case version, event, job, store
        case runID = "run_id"
        case fireTime = "fire_time"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case outcome, attempt
        case exitStatus = "exit_status"
        case output
        case outputTruncated = "output_truncated"
        case node, suppressed, test
    }

    /// The payload of `notification`, with at most `outputLimit` bytes of its output.
    public init(_ notification: RunNotification, outputLimit: Int = 1024) {
        let (output, truncated) = notification.output(upTo: outputLimit)
        event = notification.event.rawValue
        job = notification.jobID.rawValue
        store = notification.store
        runID = notification.runID.map(String.init)
        fireTime = Self.time(notification.fireTime)
        startedAt = notification.startedAt.map(Self.time)
        finishedAt = notification.finishedAt.map(Self.time)
        outcome = notification.status.rawValue
        attempt = notification.attempt
        exitStatus = notification.exitStatus
        self.output = output
        outputTruncated = truncated
        node = notification.node
        suppressed = notification.suppressed
        test = notification.event == .test
    }

    /// Writes every key, `null` for the unknown ones.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(event, forKey: .event)
        try container.encode(job, forKey: .job)
        try container.encode(store, forKey: .store)
        try container.encode(runID, forKey: .runID)
        try container.encode(fireTime, forKey: .fireTime)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(finishedAt, forKey: .finishedAt)
        try container.encode(outcome, forKey: .outcome)
        try container.encode(attempt, forKey: .attempt)
        try container.encode(exitStatus, forKey: .exitStatus)
        try container.encode(output, forKey: .output)
        try container.encode(outputTruncated, forKey: .outputTruncated)
        try container.encode(node, forKey: .node)
        try container.encode(suppressed, forKey: .suppressed)
        try container.encode(test, forKey: .test)
    }

    /// The JSON bytes, keys sorted.
    public func json() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self))
    }

    static func time(_ date: Date) -> String { ISO8601Timestamp.format(date, in: .gmt) }
}
