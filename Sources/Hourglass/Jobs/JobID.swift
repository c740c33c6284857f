import Foundation

/// The identifier of a job, unique within its store: any text that is not empty, holds no
/// NUL and is at most ``Job/maximumIDLength`` bytes of UTF-8 (checked when the job is added).
public struct JobID: Hashable, Sendable, Codable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The identifier as text.
    public let rawValue: String

    /// An identifier with the given text.
    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        rawValue = value
    }

    /// A new random identifier (a UUID in lowercase).
    public static func generate() -> JobID {
        JobID(UUID().uuidString.lowercased())
    }

    public var description: String { rawValue }

    public static func < (lhs: JobID, rhs: JobID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
