import Foundation
import Hourglass

/// One request of `hourglass next --batch`: a trigger, the instant to start after and a count.
struct BatchRequest: Decodable {
    var id: JSONValue?
    var trigger: TriggerRequest
    var start: String?
    var count: Int?

    enum CodingKeys: String, CodingKey { case id, start, count }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(JSONValue.self, forKey: .id)
        start = try container.decodeIfPresent(String.self, forKey: .start)
        count = try container.decodeIfPresent(Int.self, forKey: .count)
        trigger = try TriggerRequest(from: decoder)
    }
}

/// Any JSON value, kept to echo a request's `id` unchanged.
enum JSONValue: Codable, Sendable, Equatable {
    case number(Double), string(String), bool(Bool), null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let value):
            if value == value.rounded(), abs(value) < 1e15 { try container.encode(Int64(value)) } else { try container.encode(value) }
        case .string(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }
}

/// The answer to one batch request: fire times, or an error.
public struct BatchAnswer: Encodable, Sendable, Equatable {
    var id: JSONValue?
    /// The fire times as ISO-8601 with the trigger zone's offset, when the request succeeded.
    public var next: [String]?
    /// `invalid` (malformed input, unknown zone) or `never` (can never fire), when it failed.
    public var error: String?
    /// What is wrong, when it failed.
    public var message: String?

    /// Answers one JSON Lines request; never throws: a bad request gets an `error` answer.
    public static func answer(line: Data) -> BatchAnswer {
        let request: BatchRequest
        do {
            request = try JSONDecoder().decode(BatchRequest.self, from: line)
        } catch {
            return BatchAnswer(id: try? JSONDecoder().decode(IdentifierOnly.self, from: line).id, error: "invalid",
                               message: "the request is not valid JSON of the batch format: \(DecodingProblem.describe(error))")
        }
        return answer(request)
    }

    static func answer(_ request: BatchRequest) -> BatchAnswer {
        do throws(TriggerError) {
            let trigger = try request.trigger.makeTrigger()
            guard let start = try TriggerRequest.instant(request.start ?? "", field: "start") else {
                return BatchAnswer(id: request.id, error: "invalid", message: "start is required")
            }
            let count = max(0, min(request.count ?? 5, 100_000))
            // A leading CRON_TZ= makes the expression's zone the trigger's.
            let requested = try TimeZone.named(request.trigger.timeZone ?? "UTC")
            let zone = (trigger as? CronTrigger)?.timeZone ?? requested
            let times = try trigger.nextFireTimes(after: start, count: count)
            return BatchAnswer(id: request.id, next: times.map { ISO8601Timestamp.format($0, in: zone) })
        } catch {
            return BatchAnswer(
                id: request.id, error: error.code == .neverFires ? "never" : "invalid", message: error.description)
        }
    }

    private struct IdentifierOnly: Decodable { var id: JSONValue? }
}
