import DequeModule
import Foundation
import Hourglass
import Logging
import Synchronization

/// A ``Notifier`` fed from a scheduler's events: turns run ends into notifications under
/// a ``NotificationFilter`` and the throttling of ``NotifierOptions``, queues them, and
/// delivers them on a task of its own.
///
/// ``handle(_:)`` runs on the thread that emits the event and never waits: it takes a
/// lock, decides, and appends to a bounded queue (dropping the oldest when full). A
/// delivery that fails is logged and counted; it never fails or delays a run.
///
/// Metrics: `hourglass_notifications_total` with dimensions `notifier` (the kind) and
/// `result` (`sent`, `failed`, `dropped`).
public final class NotifierAttachment: Sendable {
    private struct Pending {
        let notification: RunNotification
        /// The record behind it, whose details are read on the delivery task.
        let record: RunRecord?
    }

    private struct State {
        var throttle: ProblemThrottle
        var queue = Deque<Pending>()
        var isDelivering = false
        var isClosed = false
        /// Dropped since the queue was last empty: a log line when the first drops and when it drains.
        var droppedInOverflow = 0
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
        var detach: (@Sendable () -> Void)?
    }

    /// The notifier fed.
    public let notifier: any Notifier
    /// Which events of which jobs it gets.
    public let filter: NotificationFilter
    private let options: NotifierOptions
    private let clock: any SchedulerClock
    /// The scheduler whose run starts are reported (a start has no record to name it).
    private let node: String
    private let state: Mutex<State>
    private let wakeups: AsyncStream<Void>.Continuation
    private let deliveryTask: Mutex<Task<Void, Never>?> = Mutex(nil)
    private let counts = Mutex<(sent: Int, failed: Int, dropped: Int)>((0, 0, 0))
    private let metrics: NotifyMetrics

    /// An attachment not yet fed by any scheduler: call ``handle(_:)`` with its events
    /// (`Scheduler.addNotifier(_:for:options:)` does). Throttling reads `clock`;
    /// `node` names the scheduler in notifications of run starts.
    public init(
        notifier: any Notifier, filter: NotificationFilter, options: NotifierOptions, clock: any SchedulerClock, node: String
    ) {
        self.notifier = notifier
        self.node = node
        self.filter = filter
        self.options = options
        self.clock = clock
        state = Mutex(State(throttle: ProblemThrottle(repeatAfter: options.repeatAfter)))
        metrics = NotifyMetrics(kind: notifier.kind)
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        wakeups = continuation
        deliveryTask.withLock { $0 = Task { [self] in await self.deliverAll(stream) } }
    }

    /// The scheduler events this attachment wants (give them to `addListener(for:)`).
    public var eventKinds: Set<SchedulerEvent.Kind> { filter.eventKinds }

    /// Notifications delivered, failed and dropped so far.
    public var sentCount: Int { counts.withLock { $0.sent } }
    /// Notifications whose delivery failed so far.
    public var failedCount: Int { counts.withLock { $0.failed } }
    /// Notifications dropped from a full queue so far.
    public var droppedCount: Int { counts.withLock { $0.dropped } }

    /// Takes a scheduler event: queues the notification it calls for, if any.
    public func handle(_ event: SchedulerEvent) {
        switch event {
        case .runRecorded(let record, let store):
            let key = ProblemThrottle.Key(store: store, id: record.jobID)
            let problem: NotificationEvent
            switch record.status {
            case .success:
                let wanted = filter.events(for: record.jobID)
                let decision = state.withLock { $0.throttle.success(job: key, wanted: wanted) }
                if let decision { enqueue(decision, record: record, store: store) }
                return
            case .error: problem = .failure
            case .timedOut: problem = .timeout
            case .missed: problem = .missed
            case .running, .abandoned, .cancelled, .skipped: return
            }
            self.problem(problem, record: record, store: store, key: key)
        case .runAbandoned(let record, let store):
            problem(.abandoned, record: record, store: store, key: ProblemThrottle.Key(store: store, id: record.jobID))
        case .runStarted(let run, _):
            guard filter.events(for: run.jobID).contains(.started) else { return }
            let notification = RunNotification(
                event: .started, jobID: run.jobID, store: run.store, runID: nil, fireTime: run.fireTime, startedAt: clock.now(),
                status: .running, attempt: run.attempt, node: node)
            enqueue(Pending(notification: notification, record: nil))
        default:
            return
        }
    }

    private func problem(_ event: NotificationEvent, record: RunRecord, store: String, key: ProblemThrottle.Key) {
        let wanted = filter.events(for: record.jobID)
        let now = clock.now()
        let decision = state.withLock { $0.throttle.problem(event, job: key, wanted: wanted, now: now) }
        if let decision { enqueue(decision, record: record, store: store) }
    }

    private func enqueue(_ decision: ProblemThrottle.Decision, record: RunRecord, store: String) {
        let notification = RunNotification(
            decision.event, record: record, store: store, details: RunDetails(output: record.message), suppressed: decision.suppressed)
        enqueue(Pending(notification: notification, record: record))
    }

    private func enqueue(_ pending: Pending) {
        let (dropped, firstDrop) = state.withLock { state -> (Bool, Bool) in
            guard !state.isClosed else { return (false, false) }
            var dropped = false
            if state.queue.count >= options.queueCapacity {
                state.queue.removeFirst()
                state.droppedInOverflow += 1
                dropped = true
            }
            state.queue.append(pending)
            return (dropped, dropped && state.droppedInOverflow == 1)
        }
        if dropped {
            counts.withLock { $0.dropped += 1 }
            metrics.dropped.increment()
            if firstDrop {
                options.logger.warning(
                    "notification queue full: dropping the oldest notifications until it drains",
                    metadata: ["notify.channel": .string(notifier.name), "notify.queue_capacity": .stringConvertible(options.queueCapacity)])
            }
        }
        wakeups.yield()
    }

    /// Delivers queued notifications, one at a time, until the attachment is closed and drained.
    private func deliverAll(_ wakeups: AsyncStream<Void>) async {
        for await _ in wakeups {
            while let pending = next() {
                await deliver(pending)
            }
        }
    }

    /// The next notification to deliver, or nil (then the idle waiters are told).
    private func next() -> Pending? {
        let (pending, waiters, dropped) = state.withLock { state -> (Pending?, [CheckedContinuation<Void, Never>], Int) in
            if let first = state.queue.popFirst() {
                state.isDelivering = true
                return (first, [], 0)
            }
            state.isDelivering = false
            defer {
                state.idleWaiters = []
                state.droppedInOverflow = 0
            }
            return (nil, state.idleWaiters, state.droppedInOverflow)
        }
        if dropped > 0 {
            options.logger.warning(
                "notification queue drained after dropping notifications",
                metadata: ["notify.channel": .string(notifier.name), "notify.dropped": .stringConvertible(dropped)])
        }
        for waiter in waiters { waiter.resume() }
        return pending
    }

    private func deliver(_ pending: Pending) async {
        var notification = pending.notification
        if let record = pending.record {
            let details = options.details(record)
            notification.exitStatus = details.exitStatus
            notification.output = details.output
        }
        do {
            try await notifier.deliver(notification)
            counts.withLock { $0.sent += 1 }
            metrics.sent.increment()
        } catch {
            counts.withLock { $0.failed += 1 }
            metrics.failed.increment()
            options.logger.error(
                "notification not delivered",
                metadata: [
                    "notify.channel": .string(notifier.name), "notify.event": .string(notification.event.rawValue),
                    "job.id": .string(notification.jobID.rawValue), "error.message": .string("\(error)"),
                ])
        }
    }

    /// Returns once every notification queued so far is delivered (or has failed). For
    /// tests; an application that stops calls ``close(grace:)``, which delivers what is
    /// queued first.
    @_spi(Testing) public func waitUntilIdle() async {
        await withCheckedContinuation { continuation in
            let idle = state.withLock { state -> Bool in
                if state.queue.isEmpty && !state.isDelivering { return true }
                state.idleWaiters.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
    }

    /// Remembers how to stop the events coming (the scheduler listener's removal).
    func onClose(_ detach: @escaping @Sendable () -> Void) {
        state.withLock { $0.detach = detach }
    }

    /// Stops taking events, delivers what is queued (for up to `grace`, then gives up on
    /// the rest), and shuts the notifier down. Call it once.
    public func close(grace: Duration = .seconds(10)) async {
        let detach = state.withLock { state -> (@Sendable () -> Void)? in
            state.isClosed = true
            defer { state.detach = nil }
            return state.detach
        }
        detach?()
        wakeups.finish()
        if let task = deliveryTask.withLock({ $0 }) { await TaskDeadline.wait(for: task, upTo: grace) }
        await notifier.shutdown()
    }
}
