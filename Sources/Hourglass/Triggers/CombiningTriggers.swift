import Foundation

/// Fires at the earliest instants on which every member trigger fires.
///
/// The search is bounded: when the members do not agree within ``searchLimit`` rounds,
/// ``nextFireTime(after:)`` throws ``TriggerError/Code/searchLimitExceeded`` instead of hanging.
public struct AndTrigger: Trigger {
    public static let typeName = "and"

    /// The triggers that must all fire at the same instant.
    public let members: [AnyTrigger]
    public let jitter: Duration?
    /// How many rounds of the search run before giving up (default 10,000).
    public let searchLimit: Int

    /// A trigger that fires when all `members` fire at once.
    ///
    /// - Throws: ``TriggerError/Code/invalidArgument`` when `members` is empty.
    public init(_ members: [any Trigger], jitter: Duration? = nil, searchLimit: Int = 10_000) throws(TriggerError) {
        guard !members.isEmpty else { throw .invalidArgument("members", "is empty; combine at least one trigger") }
        self.members = members.map(AnyTrigger.init)
        self.jitter = try TriggerError.checked(jitter: jitter)
        self.searchLimit = max(1, searchLimit)
    }

    public func nextFireTime(after date: Date) throws(TriggerError) -> Date? {
        var cursor = date
        for _ in 0..<searchLimit {
            var latest: Date?
            var agreed = true
            for member in members {
                guard let next = try member.nextFireTime(after: cursor) else { return nil }
                if let current = latest, current != next { agreed = false }
                latest = max(latest ?? next, next)
            }
            guard let candidate = latest else { return nil }
            if agreed { return candidate }
            // Ask every member again for its first fire time at or after the latest one.
            cursor = candidate.addingTimeInterval(-1e-6)
        }
        throw TriggerError(
            code: .searchLimitExceeded, reason: "the members of '\(description)' found no common fire time "
                + "within \(searchLimit) rounds after \(ISO8601Timestamp.format(date, in: .gmt))")
    }

    public var description: String { "all of (" + members.map(\.description).joined(separator: "; ") + ")" }

    private enum CodingKeys: String, CodingKey { case members, jitterNanoseconds, searchLimit }

    /// Reads `{"type": "and", "version": 1, "members": [...]}`.
    public init(from decoder: any Decoder) throws {
        try Self.decodeHeader(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self = try StoredTime.decoding(decoder) {
            try AndTrigger(
                container.decode([AnyTrigger].self, forKey: .members),
                jitter: container.decodeDuration(forKey: .jitterNanoseconds),
                searchLimit: container.decodeIfPresent(Int.self, forKey: .searchLimit) ?? 10_000)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        try Self.encodeHeader(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(members, forKey: .members)
        try container.encodeDuration(jitter, forKey: .jitterNanoseconds)
        try container.encode(searchLimit, forKey: .searchLimit)
    }
}

extension AndTrigger: StoredJSONWritable {
    /// What ``encode(to:)`` writes; nil when a member leaves its form to `JSONEncoder`.
    package func storedJSONObject() -> StoredJSONObject? {
        var object = members.storedJSONObject(
            of: Self.self, membersKey: CodingKeys.members.stringValue, jitter: jitter,
            jitterKey: CodingKeys.jitterNanoseconds.stringValue)
        object?.add(CodingKeys.searchLimit.stringValue, integer: searchLimit)
        return object
    }
}

/// Fires whenever any member trigger fires; instants that several members share fire once.
public struct OrTrigger: Trigger {
    public static let typeName = "or"

    /// The triggers whose fire times are merged.
    public let members: [AnyTrigger]
    public let jitter: Duration?

    /// A trigger that fires when any of `members` fires.
    ///
    /// - Throws: ``TriggerError/Code/invalidArgument`` when `members` is empty.
    public init(_ members: [any Trigger], jitter: Duration? = nil) throws(TriggerError) {
        guard !members.isEmpty else { throw .invalidArgument("members", "is empty; combine at least one trigger") }
        self.members = members.map(AnyTrigger.init)
        self.jitter = try TriggerError.checked(jitter: jitter)
    }

    public func nextFireTime(after date: Date) throws(TriggerError) -> Date? {
        var earliest: Date?
        for member in members {
            if let next = try member.nextFireTime(after: date) {
                earliest = min(earliest ?? next, next)
            }
        }
        return earliest
    }

    public var description: String { "any of (" + members.map(\.description).joined(separator: "; ") + ")" }

    private enum CodingKeys: String, CodingKey { case members, jitterNanoseconds }

    /// Reads `{"type": "or", "version": 1, "members": [...]}`.
    public init(from decoder: any Decoder) throws {
        try Self.decodeHeader(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self = try StoredTime.decoding(decoder) {
            try OrTrigger(
                container.decode([AnyTrigger].self, forKey: .members),
                jitter: container.decodeDuration(forKey: .jitterNanoseconds))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        try Self.encodeHeader(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(members, forKey: .members)
        try container.encodeDuration(jitter, forKey: .jitterNanoseconds)
    }
}

extension OrTrigger: StoredJSONWritable {
    /// What ``encode(to:)`` writes; nil when a member leaves its form to `JSONEncoder`.
    package func storedJSONObject() -> StoredJSONObject? {
        members.storedJSONObject(
            of: Self.self, membersKey: CodingKeys.members.stringValue, jitter: jitter,
            jitterKey: CodingKeys.jitterNanoseconds.stringValue)
    }
}

extension [AnyTrigger] {
    /// The object of a trigger of `type` that combines these members: its header, the
    /// members' objects and the jitter; nil when a member leaves its form to `JSONEncoder`.
    fileprivate func storedJSONObject<T: Trigger>(
        of type: T.Type, membersKey: String, jitter: Duration?, jitterKey: String
    ) -> StoredJSONObject? {
        var objects: [StoredJSONObject] = []
        objects.reserveCapacity(count)
        for member in self {
            guard let object = member.storedJSONObject() else { return nil }
            objects.append(object)
        }
        var object = StoredJSONObject(header: type)
        object.add(membersKey, objects: objects)
        object.add(jitterKey, nanoseconds: jitter)
        return object
    }
}
