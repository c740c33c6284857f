import Foundation
import Hourglass

/// A job as the API shows it. Times are ISO-8601 in the job's zone, with the offset.
struct JobResource: Encodable {
    let id: String
    let name: String
    let store: String
    let state: String
    let paused: Bool
    /// The trigger as text, e.g. `cron '0 3 * * *' in Europe/Berlin`.
    let schedule: String
    /// The schedule in words, for cron triggers: "At 03:00".
    let scheduleDescription: String?
    let timeZone: String
    let handler: String?
    let nextRunTime: String?
    /// The next fire times, from the next run time on (only for one job).
    let nextRunTimes: [String]?
    let tags: [String]
    let revision: Int64?
    let trigger: AnyTrigger
    let options: JobOptions

    enum CodingKeys: String, CodingKey {
        case id, name, store, state, paused, schedule, handler, tags, revision, trigger, options
        case scheduleDescription = "schedule_description"
        case timeZone = "time_zone"
        case nextRunTime = "next_run_time"
        case nextRunTimes = "next_run_times"
    }

    init(_ job: Job, store: String, nextRunTimes: [Date]? = nil) {
        let zone = job.trigger.timeZone ?? .gmt
        id = job.id.rawValue
        name = job.displayName
        self.store = store
        state = job.state.rawValue
        paused = job.isPaused
        schedule = job.trigger.description
        scheduleDescription = (job.trigger.base as? CronTrigger)?.expression.humanDescription
        timeZone = zone.identifier
        handler = job.target.handlerName
        nextRunTime = job.nextRunTime.map { ISO8601Timestamp.format($0, in: zone) }
        self.nextRunTimes = nextRunTimes?.map { ISO8601Timestamp.format($0, in: zone) }
        tags = job.options.tags.sorted()
        revision = job.revision
        trigger = job.trigger
        options = job.options
    }
}

/// One recorded run. `output` is the whole message the run left (a command's output,
/// an error); lists carry only its first 200 characters in `output_preview`.
struct RunResource: Encodable {
    let id: String
    let jobID: String
    let status: String
    let scheduledFireTime: Date
    let startedAt: Date?
    let finishedAt: Date?
    let durationSeconds: Double?
    let attempt: Int
    let node: String
    let output: String?
    let outputPreview: String?

    enum CodingKeys: String, CodingKey {
        case id, status, attempt, node, output
        case jobID = "job_id"
        case scheduledFireTime = "scheduled_fire_time"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case durationSeconds = "duration_seconds"
        case outputPreview = "output_preview"
    }

    init(_ record: RunRecord, wholeOutput: Bool) {
        id = String(record.id)
        jobID = record.jobID.rawValue
        status = record.status.rawValue
        scheduledFireTime = record.scheduledFireTime
        startedAt = record.startedAt
        finishedAt = record.finishedAt
        durationSeconds = zip(record.startedAt, record.finishedAt).map { $1.timeIntervalSince($0) }
        attempt = record.attempt
        node = record.owner
        output = wholeOutput ? record.message : nil
        outputPreview = wholeOutput ? nil : record.message.map { $0.count > 200 ? String($0.prefix(200)) + "…" : $0 }
    }
}

private func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}

/// A page of a list: its items, where it starts, and where the next page starts (nil
/// on the last page). `total` is given where the count is known.
struct Page<Item: Encodable>: Encodable {
    let items: [Item]
    let limit: Int
    let offset: Int
    let nextOffset: Int?
    let total: Int?

    enum CodingKeys: String, CodingKey {
        case items, limit, offset, total
        case nextOffset = "next_offset"
    }
}

/// The scheduler as the API shows it.
struct SchedulerResource: Encodable {
    let id: String
    let state: String
    let loopAlive: Bool
    let lastLoopPass: Date?
    let stores: [String]
    let now: Date

    enum CodingKeys: String, CodingKey {
        case id, state, stores, now
        case loopAlive = "loop_alive"
        case lastLoopPass = "last_loop_pass"
    }
}

/// A node of the cluster, from its heartbeats in a store. `last_heartbeat` assumes the
/// node's lease is this scheduler's (nodes of one cluster share their configuration).
struct NodeResource: Encodable {
    let node: String
    let alive: Bool
    let aliveUntil: Date
    let lastHeartbeat: Date
    let runsInFlight: Int
    let isThisNode: Bool

    enum CodingKeys: String, CodingKey {
        case node, alive
        case aliveUntil = "alive_until"
        case lastHeartbeat = "last_heartbeat"
        case runsInFlight = "runs_in_flight"
        case isThisNode = "this_node"
    }

    init(_ node: SchedulerNode, now: Date, lease: Duration, thisNode: String) {
        self.node = node.owner
        alive = node.aliveUntil > now
        aliveUntil = node.aliveUntil
        lastHeartbeat = node.lastHeartbeat(lease: lease)
        runsInFlight = node.runningRuns
        isThisNode = node.owner == thisNode
    }
}

/// The answer of `/health` and `/ready`.
struct HealthResource: Encodable {
    let status: String
    let checks: [String: String]
}
