/// Sends notifications somewhere: a webhook, e-mail, a command, a ping URL, or your own.
///
/// A notifier is attached to a scheduler with `Scheduler.addNotifier(_:for:options:)`,
/// which calls ``deliver(_:)`` from a task of its own, one notification at a time, never
/// from the scheduler's loop or a run.
public protocol Notifier: Sendable {
    /// A short name for logs and `hourglass notify test`, without secrets:
    /// `webhook https://hooks.example.com/…`.
    var name: String { get }
    /// The kind of channel, for metrics: `webhook`, `email`, `command`, `ping`.
    var kind: String { get }
    /// Sends `notification`; throws when it could not be delivered (after the notifier's own retries).
    func deliver(_ notification: RunNotification) async throws
    /// Frees what the notifier holds (connections); called once, after its last delivery.
    func shutdown() async
}

extension Notifier {
    /// `custom`.
    public var kind: String { "custom" }
    /// Nothing to free.
    public func shutdown() async {}
}

/// Why a notifier could not deliver a notification.
public struct NotifierError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public var description: String

    /// An error saying `description`.
    public init(_ description: String) {
        self.description = description
    }
}
