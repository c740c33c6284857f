import Metrics

/// The counters of one notifier: `hourglass_notifications_total` by `notifier` (its kind) and `result`.
struct NotifyMetrics: Sendable {
    let sent: Counter
    let failed: Counter
    let dropped: Counter

    init(kind: String) {
        let label = "hourglass_notifications_total"
        sent = Counter(label: label, dimensions: [("notifier", kind), ("result", "sent")])
        failed = Counter(label: label, dimensions: [("notifier", kind), ("result", "failed")])
        dropped = Counter(label: label, dimensions: [("notifier", kind), ("result", "dropped")])
    }
}
