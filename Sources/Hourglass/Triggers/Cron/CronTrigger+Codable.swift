import Foundation

extension CronTrigger {
    private enum CodingKeys: String, CodingKey {
        case expression, hashID, fields, timeZone, start, end, jitterNanoseconds, daylightSaving
    }

    /// Reads the JSON form: `{"type": "cron", "version": 1, "expression": "0 9 * * *",
    /// "timeZone": "UTC"}`, with `fields` instead of `expression` for named fields and
    /// `hashID` for an expression with `H` values.
    public init(from decoder: any Decoder) throws {
        try Self.decodeHeader(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let timeZone = try container.decodeTimeZone(forKey: .timeZone)
        self = try StoredTime.decoding(decoder) {
            let expression: CronExpression
            if let fields = try container.decodeIfPresent(CronFields.self, forKey: .fields) {
                expression = try CronExpression(fields: fields)
            } else {
                expression = try CronExpression(
                    container.decode(String.self, forKey: .expression),
                    hashID: container.decodeIfPresent(String.self, forKey: .hashID))
            }
            return try CronTrigger(
                expression, timeZone: timeZone, start: container.decodeDate(forKey: .start),
                end: container.decodeDate(forKey: .end), jitter: container.decodeDuration(forKey: .jitterNanoseconds),
                daylightSaving: container.decodeIfPresent(DaylightSavingPolicy.self, forKey: .daylightSaving)
                    ?? .automatic)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        try Self.encodeHeader(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch expression.source {
        case .crontab(let text):
            try container.encode(text, forKey: .expression)
            try container.encodeIfPresent(expression.hashID, forKey: .hashID)
        case .fields(let fields): try container.encode(fields, forKey: .fields)
        }
        try container.encode(timeZone.identifier, forKey: .timeZone)
        try container.encodeDate(start, forKey: .start)
        try container.encodeDate(end, forKey: .end)
        try container.encodeDuration(jitter, forKey: .jitterNanoseconds)
        if daylightSaving != .automatic {
            try container.encode(daylightSaving, forKey: .daylightSaving)
        }
    }
}

extension CronTrigger: StoredJSONWritable {
    /// What ``encode(to:)`` writes; nil (left to `JSONEncoder`) for named fields or a
    /// daylight saving policy other than the default.
    package func storedJSONObject() -> StoredJSONObject? {
        guard case .crontab(let text) = expression.source, daylightSaving == .automatic else { return nil }
        var object = StoredJSONObject(header: Self.self)
        object.add(CodingKeys.expression.stringValue, string: text)
        if let hashID = expression.hashID { object.add(CodingKeys.hashID.stringValue, string: hashID) }
        object.add(CodingKeys.timeZone.stringValue, string: timeZone.identifier)
        guard object.add(CodingKeys.start.stringValue, seconds: start), object.add(CodingKeys.end.stringValue, seconds: end)
        else { return nil }
        object.add(CodingKeys.jitterNanoseconds.stringValue, nanoseconds: jitter)
        return object
    }
}
