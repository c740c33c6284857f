import Foundation
import Synchronization

/// Any trigger, encoded and decoded through its `type` tag.
///
/// The built-in triggers are known; register your own with ``register(_:)`` before
/// decoding stored jobs that use them.
public struct AnyTrigger: Trigger {
    public static let typeName = "any"

    /// The wrapped trigger.
    public let base: any Trigger

    /// Wraps `trigger` (an `AnyTrigger` is not wrapped twice).
    public init(_ trigger: any Trigger) {
        // The type is compared before any cast: a conditional cast (`as?`) here and in
        // `runsOnlyOnRequest` on every add cost W2 (100,000 handler/interval adds) 5-13%
        // of its rate (medians of three series of 12-16 pairs in turn).
        if type(of: trigger) == AnyTrigger.self, let wrapped = trigger as? AnyTrigger {
            base = wrapped.base
        } else {
            base = trigger
        }
    }

    private static let registry = Mutex<[String: any Trigger.Type]>(
        Dictionary(
            uniqueKeysWithValues: ([
                CronTrigger.self, IntervalTrigger.self, DateTrigger.self, CalendarIntervalTrigger.self,
                AndTrigger.self, OrTrigger.self, RebootTrigger.self,
            ] as [any Trigger.Type]).map { ($0.typeName, $0) }))

    /// Makes `type` decodable by its ``Trigger/typeName``; a later registration of the same name wins.
    public static func register(_ type: any Trigger.Type) {
        registry.withLock { $0[type.typeName] = type }
    }

    public var jitter: Duration? { base.jitter }

    public func nextFireTime(after date: Date) throws(TriggerError) -> Date? {
        try base.nextFireTime(after: date)
    }

    public var description: String { base.description }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: TriggerHeaderKeys.self)
        let name = try container.decode(String.self, forKey: .type)
        guard let type = Self.registry.withLock({ $0[name] }) else {
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container,
                debugDescription: "unknown trigger type '\(name)'; register it with AnyTrigger.register(_:)")
        }
        base = try type.init(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        try base.encode(to: encoder)
    }

    public static func == (lhs: AnyTrigger, rhs: AnyTrigger) -> Bool {
        lhs.base.isEqual(to: rhs.base)
    }
}

extension AnyTrigger: StoredJSONWritable {
    /// The wrapped trigger's object; nil for triggers that leave their form to `JSONEncoder`
    /// (your own, calendar intervals, cron with named fields or its own daylight saving policy).
    package func storedJSONObject() -> StoredJSONObject? {
        (base as? any StoredJSONWritable)?.storedJSONObject()
    }
}

extension Trigger {
    /// Whether `other` is a trigger of the same type with the same value.
    func isEqual(to other: any Trigger) -> Bool {
        guard let other = other as? Self else { return false }
        return self == other
    }
}
