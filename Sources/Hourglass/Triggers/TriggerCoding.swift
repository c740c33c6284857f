import Foundation

/// The keys every trigger's JSON form starts with.
enum TriggerHeaderKeys: String, CodingKey {
    case type, version
}

extension Trigger {
    /// Writes the `type` tag and format `version`.
    static func encodeHeader(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: TriggerHeaderKeys.self)
        try container.encode(typeName, forKey: .type)
        try container.encode(formatVersion, forKey: .version)
    }

    /// Checks the `type` tag and that the format `version` is one this build reads.
    static func decodeHeader(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: TriggerHeaderKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        guard type == typeName else {
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container, debugDescription: "expected a '\(typeName)' trigger, found '\(type)'")
        }
        let version = try container.decode(Int.self, forKey: .version)
        guard (1...formatVersion).contains(version) else {
            throw DecodingError.dataCorruptedError(
                forKey: .version, in: container,
                debugDescription: "'\(typeName)' trigger format version \(version) is newer than this build reads "
                    + "(\(formatVersion)); upgrade Hourglass")
        }
    }
}

/// Instants and spans in the stored JSON form: instants as Unix seconds (a JSON number
/// that round-trips exactly), spans as whole nanoseconds.
enum StoredTime {
    static func seconds(_ date: Date) -> Double { date.timeIntervalSince1970 }
    static func date(_ seconds: Double) -> Date { Date(timeIntervalSince1970: seconds) }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    static func duration(nanoseconds: Int64) -> Duration { .nanoseconds(nanoseconds) }

    /// Runs a trigger's initializer while decoding; a value it rejects becomes a `DecodingError`.
    static func decoding<T>(_ decoder: any Decoder, _ make: () throws -> T) throws -> T {
        try decoding(decoder.codingPath, make)
    }

    /// The same, for a value at `codingPath`.
    static func decoding<T>(_ codingPath: [any CodingKey], _ make: () throws -> T) throws -> T {
        do {
            return try make()
        } catch let error as TriggerError {
            throw corrupted(error, codingPath: codingPath)
        }
    }

    /// A decoding error for a value the trigger's initializer rejected.
    static func corrupted(_ error: TriggerError, codingPath: [any CodingKey]) -> DecodingError {
        .dataCorrupted(.init(codingPath: codingPath, debugDescription: error.description, underlyingError: error))
    }
}

extension KeyedDecodingContainer {
    func decodeDate(forKey key: Key) throws -> Date? {
        try decodeIfPresent(Double.self, forKey: key).map(StoredTime.date)
    }

    func decodeDuration(forKey key: Key) throws -> Duration? {
        try decodeIfPresent(Int64.self, forKey: key).map(StoredTime.duration(nanoseconds:))
    }

    func decodeTimeZone(forKey key: Key) throws -> TimeZone {
        let name = try decode(String.self, forKey: key)
        return try StoredTime.decoding(codingPath + [key]) { try TimeZone.named(name) }
    }
}

extension KeyedEncodingContainer {
    mutating func encodeDate(_ date: Date?, forKey key: Key) throws {
        try encodeIfPresent(date.map(StoredTime.seconds), forKey: key)
    }

    mutating func encodeDuration(_ duration: Duration?, forKey key: Key) throws {
        try encodeIfPresent(duration.map(StoredTime.nanoseconds), forKey: key)
    }
}
