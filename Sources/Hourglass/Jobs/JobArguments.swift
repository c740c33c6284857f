import Foundation

/// A handler's arguments in their stored form: one JSON document.
public struct JobArguments: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The arguments as JSON text.
    public let json: String

    /// Arguments from JSON text that is already encoded.
    public init(json: String) {
        self.json = json
    }

    /// Encodes `value` as JSON (keys sorted, so equal values give equal text).
    public init(encoding value: some Encodable) throws(SchedulerError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            json = String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw SchedulerError(code: .invalidArgument, field: "arguments", reason: "cannot be encoded as JSON: \(error)")
        }
    }

    /// Decodes the arguments as `type`.
    public func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        try JSONDecoder().decode(type, from: Data(json.utf8))
    }

    public var description: String { json }

    public init(from decoder: any Decoder) throws {
        json = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(json)
    }
}
