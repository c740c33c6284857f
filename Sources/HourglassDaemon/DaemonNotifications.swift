import AsyncHTTPClient
import Hourglass
import HourglassNotify
import Logging
import Synchronization

/// The daemon's notifiers, from its file's `notify` sections: one scheduler listener that
/// hands each run event to the current attachments, so that a reload swaps them at once
/// (no event goes to both sets, or to neither). A route unchanged by a reload keeps its
/// attachment, with its queue and its throttling state. One HTTP client serves every
/// webhook and ping, and is shut down with the daemon.
///
/// Events are those of the runs this daemon runs, so in a cluster each run is notified
/// once, by the node that ran it.
final class DaemonNotifications: Sendable {
    private let scheduler: Scheduler
    private let logger: Logger
    private let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
    private let attachments = Mutex<[NotifyRoute: NotifierAttachment]>([:])
    private let listener = Mutex<ListenerToken?>(nil)

    init(scheduler: Scheduler, logger: Logger) {
        self.scheduler = scheduler
        self.logger = logger
    }

    /// Attaches the routes of `settings`, closing those no longer configured. Without any
    /// route, the scheduler has no listener for them (its runs pay nothing).
    func apply(_ settings: NotifySettings) async {
        let routes = settings.routes
        var added: [NotifyRoute: NotifierAttachment] = [:]
        let current = attachments.withLock { $0 }
        for route in routes where current[route] == nil && added[route] == nil {
            let options = NotifierOptions(repeatAfter: route.repeatAfter, details: CommandJobs.details, logger: logger)
            added[route] = NotifierAttachment(
                notifier: route.channel.makeNotifier(client: client), filter: route.filter, options: options,
                clock: scheduler.clock, node: scheduler.schedulerID)
        }
        let wanted = Set(routes)
        let removed = attachments.withLock { attachments -> [NotifierAttachment] in
            attachments.merge(added) { old, _ in old }
            let gone = attachments.filter { !wanted.contains($0.key) }
            for key in gone.keys { attachments[key] = nil }
            return Array(gone.values)
        }
        listen(!routes.isEmpty)
        for attachment in removed { await attachment.close() }
        if !routes.isEmpty || !removed.isEmpty {
            logger.info(
                "notifications configured",
                metadata: [
                    "notify.channels": .stringConvertible(routes.count), "notify.added": .stringConvertible(added.count),
                    "notify.removed": .stringConvertible(removed.count),
                ])
        }
    }

    /// Adds or removes the scheduler listener.
    private func listen(_ wanted: Bool) {
        let (add, remove) = listener.withLock { token -> (Bool, ListenerToken?) in
            if wanted { return (token == nil, nil) }
            defer { token = nil }
            return (false, token)
        }
        if let remove { scheduler.removeListener(remove) }
        guard add else { return }
        let token = scheduler.addListener(for: [.runRecorded, .runAbandoned, .runStarted]) { [weak self] event in
            guard let self else { return }
            for attachment in attachments.withLock({ Array($0.values) }) { attachment.handle(event) }
        }
        listener.withLock { $0 = token }
    }

    /// Stops listening, delivers what is queued (each notifier up to `grace`), and shuts
    /// the HTTP client down.
    func shutdown(grace: Duration = .seconds(10)) async {
        listen(false)
        let all = attachments.withLock { attachments -> [NotifierAttachment] in
            defer { attachments = [:] }
            return Array(attachments.values)
        }
        await withTaskGroup(of: Void.self) { group in
            for attachment in all { group.addTask { await attachment.close(grace: grace) } }
        }
        do {
            try await client.shutdown()
        } catch {
            logger.error("the notifications' HTTP client did not shut down cleanly", metadata: ["error.message": .string("\(error)")])
        }
    }
}
