import Foundation

/// Crontab's `@reboot`: never fires by itself. The process that owns the job runs it once
/// each time it starts (the `hourglass` daemon runs the `@reboot` jobs of its
/// configuration file with ``Scheduler/runNow(_:in:)`` after syncing them), and it runs
/// on demand like any job.
///
/// A job with this trigger has no next run time and is never finished: adding, resuming
/// or rescheduling it leaves it without one instead of failing or removing it. Its
/// description is `@reboot`. A crontab string `"@reboot"` is refused by ``CronTrigger``,
/// which has fire times; use this type instead.
public struct RebootTrigger: Trigger, Hashable {
    public static let typeName = "reboot"

    /// No jitter: a start runs the job at once.
    public var jitter: Duration? { nil }

    /// The trigger.
    public init() {}

    /// Always nil: the job runs only when its process starts or on demand.
    public func nextFireTime(after date: Date) -> Date? { nil }

    public var description: String { "@reboot" }

    /// Reads `{"type": "reboot", "version": 1}`.
    public init(from decoder: any Decoder) throws {
        try Self.decodeHeader(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        try Self.encodeHeader(to: encoder)
    }
}

extension RebootTrigger: StoredJSONWritable {
    /// What ``encode(to:)`` writes.
    package func storedJSONObject() -> StoredJSONObject? {
        StoredJSONObject(header: Self.self)
    }
}

extension AnyTrigger {
    /// Whether the trigger runs its job only when asked (``RebootTrigger``): such a job
    /// has no next run time, and that does not make it finished. Compares types rather
    /// than casting, as ``AnyTrigger/init(_:)`` does, for the same reason.
    package var runsOnlyOnRequest: Bool { type(of: base) == RebootTrigger.self }
}
