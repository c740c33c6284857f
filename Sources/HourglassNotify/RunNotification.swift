import Foundation
import Hourglass

/// One notification: which run, what happened to it, and where. Every ``Notifier`` gets
/// these; the webhook sends them as the JSON of ``WebhookPayload``.
public struct RunNotification: Sendable, Hashable {
    /// Why it is sent.
    public var event: NotificationEvent
    /// The job.
    public var jobID: JobID
    /// The store that holds the job.
    public var store: String
    /// The run's history record id; nil for a ``NotificationEvent/started`` or a test one.
    public var runID: Int64?
    /// The fire time the run was for.
    public var fireTime: Date
    /// When the run started; nil if it never did.
    public var startedAt: Date?
    /// When the run ended; nil while it runs.
    public var finishedAt: Date?
    /// How the run ended (`RunRecord.Status.running` for a start).
    public var status: RunRecord.Status
    /// The attempt, from 1.
    public var attempt: Int
    /// The exit status of the run's command, when it has one.
    public var exitStatus: Int?
    /// The run's output or error message (whole: each channel cuts what it sends).
    public var output: String?
    /// The scheduler (the daemon's node id) that ran the run, or found it abandoned.
    public var node: String
    /// How many problem notifications of this job were held back (`repeat_after`) since
    /// the last one sent: a summary count, carried by the next one sent.
    public var suppressed: Int

    /// A notification.
    public init(
        event: NotificationEvent, jobID: JobID, store: String, runID: Int64?, fireTime: Date, startedAt: Date? = nil,
        finishedAt: Date? = nil, status: RunRecord.Status, attempt: Int = 1, exitStatus: Int? = nil, output: String? = nil,
        node: String, suppressed: Int = 0
    ) {
        self.event = event
        self.jobID = jobID
        self.store = store
        self.runID = runID
        self.fireTime = fireTime
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.status = status
        self.attempt = attempt
        self.exitStatus = exitStatus
        self.output = output
        self.node = node
        self.suppressed = suppressed
    }

    /// The notification of `event` for the run that `record` describes.
    public init(_ event: NotificationEvent, record: RunRecord, store: String, details: RunDetails, suppressed: Int = 0) {
        self.init(
            event: event, jobID: record.jobID, store: store, runID: record.id, fireTime: record.scheduledFireTime,
            startedAt: record.startedAt, finishedAt: record.finishedAt, status: record.status, attempt: record.attempt,
            exitStatus: details.exitStatus, output: details.output, node: record.owner, suppressed: suppressed)
    }

    /// A test notification, as `hourglass notify test` sends: no run stands behind it.
    public static func test(job: JobID = "hourglass-test", node: String, at now: Date = Date()) -> RunNotification {
        RunNotification(
            event: .test, jobID: job, store: "default", runID: nil, fireTime: now, startedAt: now, finishedAt: now,
            status: .error, exitStatus: 1, output: "A test notification from 'hourglass notify test'; no job failed.",
            node: node)
    }

    /// One line for a subject or a chat message: `backup failed on node-a (exit status 7)`.
    public var summary: String {
        let what: String
        switch event {
        case .failure: what = "failed"
        case .timeout: what = "timed out"
        case .missed: what = "missed a run"
        case .abandoned: what = "was abandoned"
        case .recovered: what = "recovered"
        case .success: what = "succeeded"
        case .started: what = "started"
        case .test: what = "test notification"
        }
        var text = "\(jobID.rawValue) \(what) on \(node)"
        var notes: [String] = []
        if let exitStatus, event != .started { notes.append("exit status \(exitStatus)") }
        if attempt > 1 { notes.append("attempt \(attempt)") }
        if suppressed > 0 { notes.append("\(suppressed) more since the last notification") }
        if !notes.isEmpty { text += " (" + notes.joined(separator: ", ") + ")" }
        return text
    }

    /// The start of ``output``, at most `limit` bytes of UTF-8 (cut at a character), and whether it was cut.
    public func output(upTo limit: Int) -> (text: String?, truncated: Bool) {
        guard let output else { return (nil, false) }
        guard output.utf8.count > limit else { return (output, false) }
        var text = ""
        var bytes = 0
        for character in output {
            let size = character.utf8.count
            if bytes + size > limit { break }
            text.append(character)
            bytes += size
        }
        return (text, true)
    }
}
