import Foundation

/// What one dispatch of claimed jobs does, worked out from values alone: how each claim
/// ends, the records of fire times that do not run, and the runs to start. It exists
/// between a claim and the store call that ends the claims; `Scheduler.dispatch` carries
/// it out (events, the store's `complete`, executors), and ``decide(planned:admissions:started:lost:limitsInStore:)``
/// says what becomes of each run once ``RunsInFlight`` or the store has admitted it.
struct DispatchPlan {
    /// Something to report while carrying the plan out, in the order it was found.
    enum Notice: Equatable {
        /// A fire time that does not run: beyond the catch-up limit or its misfire grace time.
        case missed(RunInfo)
        /// Fire times merged into another run (coalescing), from `info`'s fire time on.
        case merged(RunInfo, reason: String)
        /// The job's trigger failed: its claim is not completed and waits for its lease.
        case triggerFailed(RunInfo, message: String)
        /// No handler or executor here for the job: its claim is kept until its lease ends.
        case unrunnable(ClaimedJob)
    }

    /// How each claim ends, in the order claimed (none for unrunnable jobs or failed triggers).
    var completions: [JobCompletion] = []
    /// History records of fire times that do not run (missed, merged).
    var records: [RunRecord] = []
    /// The runs to admit, in order.
    var runs: [PlannedRun] = []
    var notices: [Notice] = []

    /// Plans the dispatch of `claimed`, taken from the store named `store` at `now`;
    /// `targets` finds each job's code and executor, `owner` signs the records.
    init(claimed: [ClaimedJob], now: Date, store: String, owner: String, targets: TargetResolver) {
        var targets = targets
        completions.reserveCapacity(claimed.count)
        for claimIndex in claimed.indices {
            plan(claimed[claimIndex].job, of: claimed, at: claimIndex, now: now, store: store, owner: owner, targets: &targets)
        }
    }

    /// Plans the claimed `job`, at `claimIndex` in `claimed`. The job comes as an argument,
    /// borrowed from the array: binding it to a local copied it, retaining its dozen
    /// reference-counted fields, and a loop over the claimed jobs copied each claim too.
    private mutating func plan(
        _ job: Job, of claimed: [ClaimedJob], at claimIndex: Int, now: Date, store: String, owner: String,
        targets: inout TargetResolver
    ) {
        guard let fireTime = job.nextRunTime else {
            completions.append(JobCompletion(id: job.id, claim: claimed[claimIndex].claim, outcome: .release))
            return
        }
        guard let target = targets.resolve(job) else {
            notices.append(.unrunnable(claimed[claimIndex]))
            return
        }
        func info(_ fireTime: Date) -> RunInfo { RunInfo(jobID: job.id, store: store, fireTime: fireTime, attempt: 1) }
        func notRun(_ fireTime: Date, _ status: RunRecord.Status, _ reason: String) -> RunRecord {
            Self.notRunRecord(job.id, fireTime: fireTime, now: now, status: status, reason: reason, owner: owner)
        }
        let catchUp: CatchUpPlan
        do {
            catchUp = try CatchUpPlan(job: job, firstDue: fireTime, now: now)
        } catch {
            notices.append(.triggerFailed(info(fireTime), message: "\(error)"))
            return
        }
        if let missed = catchUp.missedFrom {
            notices.append(.missed(info(missed)))
            records.append(notRun(missed, .missed, "beyond the catch-up limit"))
        }
        if let merged = catchUp.merged {
            notices.append(.merged(info(merged.first), reason: merged.reason))
            records.append(notRun(merged.first, .skipped, merged.reason))
        }
        for dueTime in catchUp.dueTimes {
            if let grace = job.options.misfireGraceTime, now > dueTime.addingTimeInterval(IntervalTrigger.seconds(grace)) {
                notices.append(.missed(info(dueTime)))
                records.append(notRun(dueTime, .missed, "later than its misfire grace time"))
                continue
            }
            runs.append(
                PlannedRun(
                    info: info(dueTime), claimIndex: claimIndex, target: target,
                    maxConcurrentRuns: job.options.maxConcurrentRuns, overflow: job.options.overflow))
        }
        completions.append(
            JobCompletion(
                id: job.id, claim: claimed[claimIndex].claim,
                outcome: catchUp.following.map(JobCompletion.Outcome.reschedule) ?? .finish))
    }

    /// The history record of a fire time that did not run: missed or skipped, and why.
    static func notRunRecord(
        _ id: JobID, fireTime: Date, now: Date, status: RunRecord.Status, reason: String, owner: String
    ) -> RunRecord {
        RunRecord(
            id: RunRecord.nextID(), jobID: id, scheduledFireTime: fireTime, finishedAt: now, status: status,
            message: "not run: \(reason)", owner: owner)
    }
}

/// A run that a ``DispatchPlan`` starts, before it is built (`Scheduler.makeRun`) and admitted.
///
/// It names its job by index into the claimed jobs rather than holding a copy of the
/// `Job` (a dozen reference-counted fields), and keeps the two options that admission needs.
struct PlannedRun {
    let info: RunInfo
    /// Where its job is in the claimed jobs that the plan was made from.
    let claimIndex: Int
    let target: ResolvedTarget
    /// The job's limit on its runs going at once, and what happens to a run beyond it.
    let maxConcurrentRuns: Int
    let overflow: OverflowPolicy
}

/// The code a job runs here and the executor it runs on.
struct ResolvedTarget {
    let body: JobBody
    let executorName: String
    let executor: any JobExecutor
}

/// Finds the handler and executor of jobs, among those registered with a scheduler. It
/// remembers the last handler and executor found: due jobs often share them, and a string
/// comparison is cheaper than hashing the name again.
struct TargetResolver {
    let handlers: [String: JobHandler]
    let executors: [String: any JobExecutor]
    private var lastHandler: (name: String, handler: JobHandler)?
    private var lastExecutor: (name: String, executor: any JobExecutor)?

    init(handlers: [String: JobHandler], executors: [String: any JobExecutor]) {
        self.handlers = handlers
        self.executors = executors
    }

    /// The body and executor for `job`, or nil when this process cannot run it.
    mutating func resolve(_ job: Job) -> ResolvedTarget? {
        let body: JobBody
        let name: String
        switch job.target {
        case .closure(let closure):
            body = closure.body
            name = job.options.executor ?? Scheduler.defaultName
        case .handler(let handlerName, let arguments):
            let handler: JobHandler
            if let last = lastHandler, last.name == handlerName {
                handler = last.handler
            } else {
                guard let found = handlers[handlerName] else { return nil }
                handler = found
                lastHandler = (handlerName, found)
            }
            let preferred = handler.isBlocking ? Scheduler.blockingExecutorName : Scheduler.defaultName
            name = job.options.executor ?? handler.executor ?? preferred
            body = handler.makeBody(arguments)
        }
        if let last = lastExecutor, last.name == name { return ResolvedTarget(body: body, executorName: name, executor: last.executor) }
        guard let executor = executors[name] else { return nil }
        lastExecutor = (name, executor)
        return ResolvedTarget(body: body, executorName: name, executor: executor)
    }
}

/// What becomes of a planned run once it was admitted (or not) and the store answered.
enum RunDecision: Equatable {
    /// Hand it to its executor now.
    case submit
    /// Queued in ``RunsInFlight`` behind a run of its job; it starts when that one ends.
    case queued
    /// Its persistent store had no free place: it waits for one (``OverflowPolicy/queue``).
    case waitForPlace
    /// Skipped: its job had its maximum of runs going. `withdraw`: it was counted in
    /// flight and gives its place back.
    case skipped(withdraw: Bool)
    /// Its claim was lost before it was completed: it never starts here.
    case lost(withdraw: Bool)
}

extension DispatchPlan {
    /// What becomes of each of `planned`, in order, given the `admissions` of ``RunsInFlight``, the
    /// store's `started` answers (for a store that limits runs itself, `limitsInStore`; a
    /// store that answers for fewer starts started none of the rest) and the jobs whose
    /// claim was `lost`.
    static func decide(
        planned: [PlannedRun], admissions: [RunsInFlight.Admission], started: [Bool], lost: Set<JobID>, limitsInStore: Bool
    ) -> [RunDecision] {
        planned.indices.map { index in
            let admission = admissions[index]
            if lost.contains(planned[index].info.jobID) { return .lost(withdraw: admission != .rejected) }
            if limitsInStore {
                if started.indices.contains(index) && started[index] { return .submit }
                return planned[index].overflow == .queue ? .waitForPlace : .skipped(withdraw: true)
            }
            switch admission {
            case .start: return .submit
            case .queued: return .queued
            case .rejected: return .skipped(withdraw: false)
            }
        }
    }
}
