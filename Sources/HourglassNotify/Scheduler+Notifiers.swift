import Hourglass

extension Scheduler {
    /// Sends notifications of this scheduler's runs through `notifier`: the events of
    /// `filter`, throttled and queued as `options` say, delivered on a task of their own.
    ///
    /// Notifications are built from the events of the runs this scheduler runs (and the
    /// abandoned runs it finds), so in a cluster each run is notified once, by the node
    /// that ran it. Close the returned attachment to stop.
    ///
    /// ```swift
    /// let webhook = WebhookNotifier(WebhookNotifier.Configuration(url: "https://hooks.example.com/hourglass"))
    /// let attachment = scheduler.addNotifier(webhook, for: [.failure, .timeout, .recovered])
    /// // ...
    /// await attachment.close()
    /// ```
    @discardableResult
    public nonisolated func addNotifier(
        _ notifier: any Notifier, for filter: NotificationFilter = .defaults, options: NotifierOptions = NotifierOptions()
    ) -> NotifierAttachment {
        let attachment = NotifierAttachment(notifier: notifier, filter: filter, options: options, clock: clock, node: schedulerID)
        let token = addListener(for: attachment.eventKinds) { [attachment] event in attachment.handle(event) }
        attachment.onClose { [weak self] in self?.removeListener(token) }
        return attachment
    }
}
