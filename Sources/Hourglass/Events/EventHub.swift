import Synchronization

/// Delivers events to streams and listeners. Emitting costs one atomic load while nobody
/// listens, so a busy scheduler without listeners pays nothing for events.
final class EventHub: Sendable {
    private struct Subscriber {
        let filter: Set<SchedulerEvent.Kind>?
        let deliver: @Sendable (SchedulerEvent) -> Void
        let finish: @Sendable () -> Void
    }

    private let subscribers = Lock<[Int: Subscriber]>([:])
    private let subscriberCount = Atomic<Int>(0)
    private let nextKey = Atomic<Int>(0)

    var hasSubscribers: Bool { subscriberCount.load(ordering: .relaxed) > 0 }

    /// Sends `event()` to every subscriber whose filter takes its kind.
    func emit(_ event: @autoclosure () -> SchedulerEvent) {
        guard hasSubscribers else { return }
        let event = event()
        let targets = subscribers.withLock { Array($0.values) }
        for subscriber in targets where subscriber.filter?.contains(event.kind) ?? true {
            subscriber.deliver(event)
        }
    }

    /// Adds a subscriber and returns its key for ``unsubscribe(_:)``.
    @discardableResult
    func subscribe(
        filter: Set<SchedulerEvent.Kind>?, finish: @escaping @Sendable () -> Void = {},
        _ deliver: @escaping @Sendable (SchedulerEvent) -> Void
    ) -> Int {
        let key = nextKey.add(1, ordering: .relaxed).newValue
        subscribers.withLock { $0[key] = Subscriber(filter: filter, deliver: deliver, finish: finish) }
        subscriberCount.add(1, ordering: .relaxed)
        return key
    }

    func unsubscribe(_ key: Int) {
        if subscribers.withLock({ $0.removeValue(forKey: key) }) != nil {
            subscriberCount.subtract(1, ordering: .relaxed)
        }
    }

    /// A stream of events; it ends when the scheduler shuts down or the consumer stops.
    func stream(filter: Set<SchedulerEvent.Kind>?) -> AsyncStream<SchedulerEvent> {
        let (stream, continuation) = AsyncStream<SchedulerEvent>.makeStream()
        let key = subscribe(filter: filter, finish: { continuation.finish() }) { continuation.yield($0) }
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(key) }
        return stream
    }

    /// Ends every stream (at shutdown); listeners stay.
    func finishStreams() {
        let all = subscribers.withLock { Array($0.values) }
        for subscriber in all { subscriber.finish() }
    }
}
