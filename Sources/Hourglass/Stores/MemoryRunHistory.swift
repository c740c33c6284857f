import DequeModule
import Foundation

/// The memory store's run history: each job's records in fire-time order, the records
/// still running, and when each scheduler was last heard of.
struct MemoryRunHistory {
    let retention: RunHistoryRetention
    private var byJob: [JobID: Deque<RunRecord>] = [:]
    /// Running records: their job, and their owner.
    private var running: [Int64: (job: JobID, owner: String)] = [:]
    private var aliveUntil: [String: Date] = [:]
    private var newestFireTime = Date.distantPast
    private var lastFullPrune = Date.distantPast

    init(retention: RunHistoryRetention) {
        self.retention = retention
    }

    /// Records `run`. When the table of jobs is full, it makes room for `expectedJobs` (the
    /// store's job count) at once: a burst of first runs then does not rehash it again and again.
    mutating func record(_ run: RunRecord, expectedJobs: Int = 0) {
        guard retention.keepsRecords else { return }
        if byJob.count == byJob.capacity, expectedJobs > byJob.count {
            byJob.reserveCapacity(expectedJobs + expectedJobs / 8)
        }
        newestFireTime = max(newestFireTime, run.scheduledFireTime)
        let cutoff = ageCutoff
        Self.upsert(run, into: &byJob[run.jobID, default: []], keeping: retention.keepLastRunsPerJob, after: cutoff) {
            running[$0.id] = nil
        }
        if run.status == .running {
            running[run.id] = (run.jobID, run.owner)
        } else if !running.isEmpty {
            running[run.id] = nil
        }
        pruneAllIfDue()
    }

    /// How many records of job `id` are running.
    func runningCount(of id: JobID) -> Int {
        running.values.reduce(0) { $0 + ($1.job == id ? 1 : 0) }
    }

    func runs(of id: JobID, limit: Int) -> [RunRecord] {
        guard let records = byJob[id] else { return [] }
        return Array(records.reversed().prefix(max(0, limit)))
    }

    mutating func heartbeat(owner: String, aliveUntil expiry: Date, now: Date, restarted: Bool) -> [RunRecord] {
        aliveUntil[owner] = expiry
        var marked: [RunRecord] = []
        for (id, entry) in running {
            let ownOld = restarted && entry.owner == owner
            let dead = entry.owner != owner && (aliveUntil[entry.owner].map { $0 < now } ?? true)
            guard ownOld || dead, let index = byJob[entry.job]?.lastIndex(where: { $0.id == id }) else { continue }
            byJob[entry.job]![index].status = .abandoned
            byJob[entry.job]![index].message = "scheduler '\(entry.owner)' stopped while the run was in flight"
            running[id] = nil
            marked.append(byJob[entry.job]![index])
        }
        return marked.sorted { $0.scheduledFireTime < $1.scheduledFireTime }
    }

    /// The expiry of `owner`'s latest heartbeat, if any.
    func aliveUntil(of owner: String) -> Date? { aliveUntil[owner] }

    /// Every owner with a heartbeat, by owner, with its running records.
    func nodes() -> [SchedulerNode] {
        var running: [String: Int] = [:]
        for entry in self.running.values { running[entry.owner, default: 0] += 1 }
        return aliveUntil.sorted { $0.key < $1.key }.map {
            SchedulerNode(owner: $0.key, aliveUntil: $0.value, runningRuns: running[$0.key] ?? 0)
        }
    }

    /// Forgets `owner`'s heartbeat: it stopped cleanly.
    mutating func signOff(owner: String) { aliveUntil[owner] = nil }

    /// Records older than this are dropped, or nil.
    private var ageCutoff: Date? {
        retention.maximumAge.map { newestFireTime.addingTimeInterval(-IntervalTrigger.seconds($0)) }
    }

    /// Replaces the record with the run's id, or inserts the run in fire-time order; then
    /// drops the oldest records beyond `limit` or before `cutoff`, telling `dropped`.
    private static func upsert(
        _ run: RunRecord, into records: inout Deque<RunRecord>, keeping limit: Int?, after cutoff: Date?,
        dropped: (RunRecord) -> Void
    ) {
        if let index = records.lastIndex(where: { $0.id == run.id }) {
            records[index] = run
        } else if let last = records.last, last.scheduledFireTime > run.scheduledFireTime {
            let index = records.firstIndex { $0.scheduledFireTime > run.scheduledFireTime } ?? records.endIndex
            records.insert(run, at: index)
        } else {
            records.append(run)
        }
        prune(&records, keeping: limit, after: cutoff, dropped: dropped)
    }

    private static func prune(
        _ records: inout Deque<RunRecord>, keeping limit: Int?, after cutoff: Date?, dropped: (RunRecord) -> Void
    ) {
        while let first = records.first,
            records.count > (limit ?? .max) || cutoff.map({ first.scheduledFireTime < $0 }) == true
        {
            dropped(records.removeFirst())
        }
    }

    /// Applies the age limit to every job now and then, so jobs that stopped running age out too.
    private mutating func pruneAllIfDue() {
        guard let age = retention.maximumAge else { return }
        let step = IntervalTrigger.seconds(age) / 16
        guard newestFireTime.timeIntervalSince(lastFullPrune) >= step else { return }
        lastFullPrune = newestFireTime
        let cutoff = ageCutoff
        for id in Array(byJob.keys) {
            Self.prune(&byJob[id, default: []], keeping: retention.keepLastRunsPerJob, after: cutoff) { running[$0.id] = nil }
            if byJob[id]?.isEmpty == true { byJob[id] = nil }
        }
    }
}
