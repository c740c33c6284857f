import Foundation

/// Fires once, at one instant; afterwards the job is finished.
public struct DateTrigger: Trigger, Hashable {
    public static let typeName = "date"

    /// The instant of the single run.
    public let date: Date
    public let jitter: Duration?

    /// A trigger that fires once at `date`.
    ///
    /// - Throws: ``TriggerError/Code/invalidArgument`` for a negative jitter.
    public init(at date: Date, jitter: Duration? = nil) throws(TriggerError) {
        self.date = date
        self.jitter = try TriggerError.checked(jitter: jitter)
    }

    public func nextFireTime(after date: Date) -> Date? {
        self.date > date ? self.date : nil
    }

    public var description: String { "once at \(ISO8601Timestamp.format(date, in: .gmt))" }

    private enum CodingKeys: String, CodingKey { case date, jitterNanoseconds }

    /// Reads `{"type": "date", "version": 1, "date": <Unix seconds>}`.
    public init(from decoder: any Decoder) throws {
        try Self.decodeHeader(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self = try StoredTime.decoding(decoder) {
            try DateTrigger(
                at: StoredTime.date(container.decode(Double.self, forKey: .date)),
                jitter: container.decodeDuration(forKey: .jitterNanoseconds))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        try Self.encodeHeader(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeDate(date, forKey: .date)
        try container.encodeDuration(jitter, forKey: .jitterNanoseconds)
    }
}

extension DateTrigger: StoredJSONWritable {
    /// What ``encode(to:)`` writes.
    package func storedJSONObject() -> StoredJSONObject? {
        var object = StoredJSONObject(header: Self.self)
        guard object.add(CodingKeys.date.stringValue, seconds: date) else { return nil }
        object.add(CodingKeys.jitterNanoseconds.stringValue, nanoseconds: jitter)
        return object
    }
}
