import Hourglass

/// What a notification is about: a run that went wrong, one that went right again, or
/// (for dead man's switch pings) one that started.
public enum NotificationEvent: String, Sendable, Hashable, CaseIterable, Codable {
    /// A run failed: its body threw (a command exited non-zero) on its last attempt.
    case failure
    /// A run took longer than its timeout and was ended.
    case timeout
    /// A fire time did not run: later than its misfire grace time, or beyond the catch-up limit.
    case missed
    /// A run was in flight when its scheduler stopped (a crash, a lost node).
    case abandoned
    /// The first successful run of a job after a ``failure``, ``timeout``, ``missed`` or
    /// ``abandoned`` one. It closes the job's streak of problems.
    case recovered
    /// Any successful run (a ``recovered`` one is sent as ``recovered`` when both are wanted).
    case success
    /// A run started. Pings use it (`URL/start`); it is rarely worth a message.
    case started
    /// A test notification (`hourglass notify test`); no run stands behind it.
    case test

    /// The events notified unless a filter says otherwise: every problem, and the recovery.
    public static let defaults: Set<NotificationEvent> = [.failure, .timeout, .missed, .abandoned, .recovered]

    /// The events that a configuration file may name (all but ``test``).
    public static let configurable: [NotificationEvent] = [.failure, .timeout, .missed, .abandoned, .recovered, .success, .started]

    /// Whether the event says that something went wrong (``failure``, ``timeout``,
    /// ``missed``, ``abandoned``): these are throttled per job, and a success after one is
    /// ``recovered``.
    public var isProblem: Bool {
        switch self {
        case .failure, .timeout, .missed, .abandoned: true
        case .recovered, .success, .started, .test: false
        }
    }
}
