import Foundation

/// Fires every fixed span of **elapsed** time from `start`, until an optional `end`.
///
/// Daylight saving time never changes the spacing: a two-hour interval stays 7,200
/// seconds apart across a transition. Intervals may be as short as one millisecond.
public struct IntervalTrigger: Trigger, Hashable {
    public static let typeName = "interval"

    /// The span between fire times.
    public let interval: Duration
    /// The first fire time; later ones are `start + k * interval`.
    public let start: Date
    /// No fire time after this instant (inclusive).
    public let end: Date?
    public let jitter: Duration?

    /// A trigger that fires every `interval` from `start` (default: now + interval).
    ///
    /// - Throws: ``TriggerError/Code/invalidArgument`` for an interval under 1 ms or over
    ///   ``TimeLimits/maximumSpan``, a jitter over it, or an `end` before `start`.
    public init(every interval: Duration, start: Date? = nil, end: Date? = nil, jitter: Duration? = nil) throws(TriggerError) {
        guard interval >= .milliseconds(1) else {
            throw .invalidArgument("interval", "is \(interval); an interval must be at least 1 millisecond")
        }
        try TriggerError.checked(span: interval, field: "interval")
        let start = start ?? Date().addingTimeInterval(Self.seconds(interval))
        if let end, end < start {
            throw .invalidArgument("end", "is before start; the trigger could never fire")
        }
        self.jitter = try TriggerError.checked(jitter: jitter)
        self.interval = interval
        self.start = start
        self.end = end
    }

    /// A trigger from calendar-free units that add up to the interval.
    ///
    /// - Throws: ``TriggerError/Code/invalidArgument`` when the units add up to less than
    ///   1 ms or more than ``TimeLimits/maximumSpan`` (added without overflow, however big).
    public init(
        weeks: Int = 0, days: Int = 0, hours: Int = 0, minutes: Int = 0, seconds: Int = 0, milliseconds: Int = 0,
        start: Date? = nil, end: Date? = nil, jitter: Duration? = nil
    ) throws(TriggerError) {
        // In 128 bits, the largest units cannot overflow (Int.max weeks is under 2^93 ms).
        let total = (Int128(weeks) * 7 + Int128(days)) * 86_400_000 + Int128(hours) * 3_600_000
            + Int128(minutes) * 60_000 + Int128(seconds) * 1_000 + Int128(milliseconds)
        let longest = Int128(TimeLimits.maximumSpan.components.seconds) * 1_000
        guard (1...longest).contains(total) else {
            let reason =
                total < 1
                ? "adds up to less than 1 millisecond; an interval must be at least that"
                : TimeLimits.tooLong
            throw TriggerError(code: .invalidArgument, field: "interval", text: "\(total)ms", reason: reason)
        }
        try self.init(every: .milliseconds(Int64(total)), start: start, end: end, jitter: jitter)
    }

    /// A span in seconds; the stores share it.
    package static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    public func nextFireTime(after date: Date) -> Date? {
        var next = start
        if date >= start {
            let step = Self.seconds(interval)
            let elapsed = date.timeIntervalSince(start)
            var count = (elapsed / step).rounded(.down) + 1
            next = start.addingTimeInterval(count * step)
            if next <= date {
                count += 1
                next = start.addingTimeInterval(count * step)
            }
        }
        if let end, next > end { return nil }
        return next
    }

    /// `every 15s`, `every 1h30m from 2026-01-01T09:00:00+00:00` (the start is left out
    /// when it is 1970-01-01T00:00Z).
    public var description: String {
        let every = "every \(DurationText.format(interval))"
        return start.timeIntervalSince1970 == 0 ? every : every + " from \(ISO8601Timestamp.format(start, in: .gmt))"
    }

    private enum CodingKeys: String, CodingKey { case intervalNanoseconds, start, end, jitterNanoseconds }

    /// Reads `{"type": "interval", "version": 1, "intervalNanoseconds": ..., "start": <Unix seconds>}`.
    public init(from decoder: any Decoder) throws {
        try Self.decodeHeader(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self = try StoredTime.decoding(decoder) {
            try IntervalTrigger(
                every: .nanoseconds(container.decode(Int64.self, forKey: .intervalNanoseconds)),
                start: StoredTime.date(container.decode(Double.self, forKey: .start)),
                end: container.decodeDate(forKey: .end), jitter: container.decodeDuration(forKey: .jitterNanoseconds))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        try Self.encodeHeader(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(StoredTime.nanoseconds(interval), forKey: .intervalNanoseconds)
        try container.encodeDate(start, forKey: .start)
        try container.encodeDate(end, forKey: .end)
        try container.encodeDuration(jitter, forKey: .jitterNanoseconds)
    }
}

extension IntervalTrigger: StoredJSONWritable {
    /// What ``encode(to:)`` writes.
    package func storedJSONObject() -> StoredJSONObject? {
        var object = StoredJSONObject(header: Self.self)
        object.add(CodingKeys.intervalNanoseconds.stringValue, nanoseconds: interval)
        guard object.add(CodingKeys.start.stringValue, seconds: start), object.add(CodingKeys.end.stringValue, seconds: end)
        else { return nil }
        object.add(CodingKeys.jitterNanoseconds.stringValue, nanoseconds: jitter)
        return object
    }
}
