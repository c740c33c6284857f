import Foundation

/// Decides when a job runs: a stateless value that answers "when next, after this instant?".
///
/// Triggers are plain data, so a stored job is just data: every trigger is `Codable`
/// with a stable JSON form that carries a `type` tag and a format `version` (see
/// `docs/TriggerFormat.md`); ``AnyTrigger`` decodes any of them.
public protocol Trigger: Sendable, Codable, Equatable, CustomStringConvertible {
    /// The `type` tag of this trigger's JSON form (`"cron"`).
    static var typeName: String { get }

    /// The highest JSON format version this build reads and the one it writes.
    static var formatVersion: Int { get }

    /// A random delay of up to this much added to each run by the scheduler, never fed
    /// back into the next computation; nil for none.
    var jitter: Duration? { get }

    /// The first fire time strictly after `date`, or nil when the trigger is finished.
    ///
    /// - Throws: ``TriggerError`` only where a search is bounded (``AndTrigger``).
    func nextFireTime(after date: Date) throws(TriggerError) -> Date?
}

extension Trigger {
    public static var formatVersion: Int { 1 }

    /// Up to `count` successive fire times after `date`: fewer when the trigger finishes.
    public func nextFireTimes(after date: Date, count: Int) throws(TriggerError) -> [Date] {
        var times: [Date] = []
        times.reserveCapacity(max(0, min(count, 10_000)))
        var cursor = date
        while times.count < count, let next = try nextFireTime(after: cursor) {
            times.append(next)
            cursor = next
        }
        return times
    }
}
