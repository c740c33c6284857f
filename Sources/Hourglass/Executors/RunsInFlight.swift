import DequeModule
import Metrics

/// The runs of one scheduler that are admitted and not yet finished (one per scheduler,
/// in its ``RunEnvironment``, for as long as the scheduler lives): counts the runs going
/// per job against its limit, holds the runs queued behind them (``OverflowPolicy/queue``),
/// and tells waiters when nothing is in flight. Keeps ``SchedulerMetricNames/runsInFlight``
/// up to date when given its gauge.
final class RunsInFlight: Sendable {
    /// What admitting a run decided: it starts, waits behind a run of its job, or is refused.
    enum Admission {
        case start, queued, rejected
    }

    /// The runs of one job going now, and those queued behind them.
    private struct PerJob {
        var running = 0
        var waiting: Deque<JobRun> = []
    }

    private struct State {
        var jobs: [JobKey: PerJob] = [:]
        var inFlight = 0
        var queued = 0
        var idleWaiters = Waiters<Void>()
        /// Per run that sleeps on the clock or has a timeout's timer going (see
        /// ``RunActivity``): what its tasks do.
        var clockUse: [ObjectIdentifier: ClockUse] = [:]
        /// How many runs in ``clockUse`` are asleep.
        var asleep = 0
        var settleWaiters = Waiters<Void>()

        /// Whether every run in flight is waiting for a place or asleep on the clock.
        var isSettled: Bool { inFlight - queued - asleep <= 0 }

        /// Changes what `run`'s tasks do on the clock, keeping ``asleep`` true.
        mutating func changeClockUse(of run: JobRun, _ change: (inout ClockUse) -> Void) {
            let key = ObjectIdentifier(run)
            var use = clockUse[key] ?? ClockUse()
            let wasAsleep = use.isAsleep
            change(&use)
            asleep += (use.isAsleep ? 1 : 0) - (wasAsleep ? 1 : 0)
            clockUse[key] = use.isIdle ? nil : use
        }

        /// The waiters to resume once nothing is in flight (none while runs remain), and
        /// those to resume once every run is settled.
        mutating func takeSatisfiedWaiters() -> Wakeups<Void> {
            let settled = isSettled ? settleWaiters.takeAll() : .none
            guard inFlight == 0 else { return settled }
            return settled + idleWaiters.takeAll()
        }
    }

    private let state = Lock(State())
    /// Set under the lock, so that the last value set is the count as it is.
    private let gauge: Gauge?

    init(gauge: Gauge? = nil) {
        self.gauge = gauge
    }

    /// Admits `run` if its job has fewer than `limit` runs going; otherwise queues or rejects it.
    func admit(_ run: JobRun, limit: Int, overflow: OverflowPolicy) -> Admission {
        state.withLock { state in
            defer { gauge?.record(state.inFlight) }
            return Self.admit(run, limit: limit, overflow: overflow, in: &state)
        }
    }

    /// Admits several runs in order, under one lock, as ``admit(_:limit:overflow:)`` would.
    func admit(_ runs: [(run: JobRun, limit: Int, overflow: OverflowPolicy)]) -> [Admission] {
        state.withLock { state in
            defer { gauge?.record(state.inFlight) }
            return runs.map { Self.admit($0.run, limit: $0.limit, overflow: $0.overflow, in: &state) }
        }
    }

    private static func admit(_ run: JobRun, limit: Int, overflow: OverflowPolicy, in state: inout State) -> Admission {
        // Changed in place: one lookup of the key.
        let admission = place(run, limit: limit, overflow: overflow, in: &state.jobs[run.jobKey, default: PerJob()])
        if admission != .rejected { state.inFlight += 1 }
        if admission == .queued { state.queued += 1 }
        return admission
    }

    private static func place(_ run: JobRun, limit: Int, overflow: OverflowPolicy, in entry: inout PerJob) -> Admission {
        if entry.running < limit {
            entry.running += 1
            return .start
        }
        guard overflow == .queue else { return .rejected }
        entry.waiting.append(run)
        return .queued
    }

    /// Records that `run` ended; returns a waiting run of the same job to start now, if any.
    func finish(_ run: JobRun) -> JobRun? {
        let (next, waiters) = state.withLock { state in
            defer { gauge?.record(state.inFlight) }
            return (Self.finish(run, in: &state), state.takeSatisfiedWaiters())
        }
        waiters.resume()
        return next
    }

    /// Records that `runs` ended, under one lock; returns the waiting runs to start now.
    func finish(_ runs: [JobRun]) -> [JobRun] {
        let (next, waiters) = state.withLock { state in
            defer { gauge?.record(state.inFlight) }
            return (runs.compactMap { Self.finish($0, in: &state) }, state.takeSatisfiedWaiters())
        }
        waiters.resume()
        return next
    }

    private static func finish(_ run: JobRun, in state: inout State) -> JobRun? {
        state.inFlight -= 1
        // Found once, then changed or removed at its index.
        guard let index = state.jobs.index(forKey: run.jobKey) else { return nil }
        if let next = state.jobs.values[index].waiting.popFirst() {
            state.queued -= 1
            return next
        }
        state.jobs.values[index].running -= 1
        if state.jobs.values[index].running == 0 { state.jobs.remove(at: index) }
        return nil
    }

    /// Takes back a run that was admitted but never handed to an executor (its store write
    /// failed): it gives up its place, or leaves the queue, without starting another run.
    func withdraw(_ run: JobRun) {
        let key = run.jobKey
        let waiters = state.withLock { state -> Wakeups<Void> in
            guard var entry = state.jobs[key] else { return .none }
            if let index = entry.waiting.firstIndex(where: { $0 === run }) {
                entry.waiting.remove(at: index)
                state.queued -= 1
            } else {
                entry.running -= 1
            }
            state.inFlight -= 1
            gauge?.record(state.inFlight)
            state.jobs[key] = entry.running <= 0 && entry.waiting.isEmpty ? nil : entry
            return state.takeSatisfiedWaiters()
        }
        waiters.resume()
    }

    /// Counts an admitted run as waiting for a place that its store must give (a limit
    /// across the cluster): in flight, but not active.
    func holdForPlace(_ run: JobRun) {
        let waiters = state.withLock { state in
            state.queued += 1
            return state.takeSatisfiedWaiters()
        }
        waiters.resume()
    }

    /// Counts one more task of `run`'s body asleep on the clock.
    func beginSleep(_ run: JobRun) {
        let waiters = state.withLock { state in
            state.changeClockUse(of: run) { $0.bodySleeps += 1 }
            return state.takeSatisfiedWaiters()
        }
        waiters.resume()
    }

    /// Counts one task of `run`'s body awake again.
    func endSleep(_ run: JobRun) {
        state.withLock { state in
            state.changeClockUse(of: run) { $0.bodySleeps = max(0, $0.bodySleeps - 1) }
        }
    }

    /// Records that `run`'s attempt starts its timeout's timer: the run is awake until the
    /// timer sleeps on the clock, and again from when it fires until ``endTimer(_:)``.
    func beginTimer(_ run: JobRun) {
        state.withLock { state in state.changeClockUse(of: run) { $0.timer = .awake } }
    }

    /// Records that `run`'s timer sleeps on the clock until its deadline.
    func timerSleeps(_ run: JobRun) {
        let waiters = state.withLock { state in
            state.changeClockUse(of: run) { if $0.timer == .awake { $0.timer = .asleep } }
            return state.takeSatisfiedWaiters()
        }
        waiters.resume()
    }

    /// Records that `run`'s timer fired (or was cancelled): the run is awake until its
    /// attempt has dealt with it and calls ``endTimer(_:)``.
    func timerWakes(_ run: JobRun) {
        state.withLock { state in
            state.changeClockUse(of: run) { if $0.timer == .asleep { $0.timer = .awake } }
        }
    }

    /// Records that `run`'s attempt has dealt with its timer: it is gone.
    func endTimer(_ run: JobRun) {
        let waiters = state.withLock { state in
            state.changeClockUse(of: run) { $0.timer = .none }
            return state.takeSatisfiedWaiters()
        }
        waiters.resume()
    }

    /// Returns once every run in flight is asleep on the clock (see ``RunActivity``),
    /// waiting for a place, or finished.
    func waitUntilSettled() async {
        await state.wait { state, continuation in
            if state.isSettled { return () }
            state.settleWaiters.append(continuation)
            return nil
        }
    }

    /// Counts a run held by ``holdForPlace(_:)`` as active again (it starts) or about to finish.
    func endHoldForPlace(_ run: JobRun) {
        state.withLock { $0.queued -= 1 }
    }

    /// Whether a run of the job is admitted and not yet finished.
    func hasRuns(of key: JobKey) -> Bool {
        state.withLock { $0.jobs[key] != nil }
    }

    /// How many runs are admitted, not waiting for a place, and not yet finished.
    var active: Int { state.withLock { $0.inFlight - $0.queued } }

    /// Returns once no run is in flight.
    func waitUntilIdle() async {
        await state.wait { state, continuation in
            if state.inFlight == 0 { return () }
            state.idleWaiters.append(continuation)
            return nil
        }
    }
}

/// A job by store and id, hashed once when made: a run looks its key up twice. Keys the
/// runs in flight per job, and the claims held on jobs that cannot run here.
struct JobKey: Hashable, Sendable {
    let store: String
    let id: JobID
    private let hash: Int

    init(store: String, id: JobID) {
        self.store = store
        self.id = id
        var hasher = Hasher()
        hasher.combine(store)
        hasher.combine(id)
        hash = hasher.finalize()
    }

    static func == (lhs: JobKey, rhs: JobKey) -> Bool {
        lhs.hash == rhs.hash && lhs.id == rhs.id && lhs.store == rhs.store
    }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }
}

/// What the tasks of one run do on the clock, as ``RunActivity`` reports it, so that a
/// test driver can tell when the run waits for the clock to move.
struct ClockUse {
    /// The state of an attempt's timeout timer.
    enum Timer {
        /// No timer going.
        case none
        /// Going, and not asleep: about to sleep, or fired and not yet dealt with.
        case awake
        /// Asleep on the clock until the deadline.
        case asleep
    }

    /// How many tasks of the run's body sleep on the clock.
    var bodySleeps = 0
    var timer = Timer.none

    /// Whether the run waits for the clock: its body sleeps and no timer is awake.
    var isAsleep: Bool { bodySleeps > 0 && timer != .awake }
    /// Whether there is nothing to keep.
    var isIdle: Bool { bodySleeps == 0 && timer == .none }
}
