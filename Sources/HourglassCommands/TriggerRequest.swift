import Foundation
import Hourglass

/// A trigger described as data: the request format of `hourglass next --batch` and of
/// the conformance vectors (`kind` is `crontab`, `fields` or `interval`).
public struct TriggerRequest: Decodable, Sendable {
    /// `crontab`, `fields` or `interval`.
    public var kind: String
    /// The crontab string, for `crontab`.
    public var expression: String?
    /// The job id that `H` values are hashed from, for `crontab`.
    public var hashID: String?
    /// APScheduler field names and values, for `fields`.
    public var fields: [String: FieldValue]?
    /// Units and amounts (`{"hours": 2}`), for `interval`.
    public var interval: [String: Double]?
    /// The IANA zone of the trigger; UTC when absent.
    public var timeZone: String?
    /// The trigger's own first instant (ISO-8601).
    public var startDate: String?
    /// The trigger's own last instant (ISO-8601).
    public var endDate: String?

    /// A field value: APScheduler accepts numbers as well as strings.
    public struct FieldValue: Decodable, Sendable {
        /// The value as text.
        public let text: String

        /// A value given as text.
        public init(text: String) {
            self.text = text
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) {
                text = String(number)
            } else {
                text = try container.decode(String.self)
            }
        }
    }

    enum CodingKeys: String, CodingKey {
        case kind, expression = "expr", hashID = "hash_id", fields, interval, timeZone = "tz", startDate = "start_date", endDate = "end_date"
    }

    /// Builds the trigger this request describes.
    ///
    /// - Throws: ``TriggerError`` for a bad expression, zone, date or interval.
    public func makeTrigger() throws(TriggerError) -> any Trigger {
        let zone = try TimeZone.named(timeZone ?? "UTC")
        let start = try Self.instant(startDate, field: "start_date")
        let end = try Self.instant(endDate, field: "end_date")
        switch kind {
        case "crontab":
            guard let expression else { throw Self.missing("expr", for: kind) }
            return try CronTrigger(expression, hashID: hashID, timeZone: zone, start: start, end: end)
        case "fields":
            guard let fields else { throw Self.missing("fields", for: kind) }
            return try CronTrigger(fields: Self.cronFields(fields), timeZone: zone, start: start, end: end)
        case "interval":
            guard let interval else { throw Self.missing("interval", for: kind) }
            let duration = try Self.duration(interval)
            return try IntervalTrigger(every: duration, start: start, end: end)
        default:
            throw TriggerError(
                code: .invalidArgument, field: "kind", text: kind, position: nil,
                reason: "is not a trigger kind; use crontab, fields or interval")
        }
    }

    static func instant(_ text: String?, field: String) throws(TriggerError) -> Date? {
        guard let text else { return nil }
        guard let date = ISO8601Timestamp.parse(text) else {
            throw TriggerError(
                code: .invalidArgument, field: field, text: text, position: nil,
                reason: "is not an ISO-8601 instant such as 2026-01-01T00:00:00+00:00")
        }
        return date
    }

    private static func missing(_ key: String, for kind: String) -> TriggerError {
        TriggerError(code: .invalidArgument, field: key, reason: "is required for kind '\(kind)'")
    }

    private static let fieldNames: Set<String> = [
        "year", "month", "day", "week", "day_of_week", "hour", "minute", "second",
    ]

    static func cronFields(_ values: [String: FieldValue]) throws(TriggerError) -> CronFields {
        for name in values.keys where !fieldNames.contains(name) {
            throw TriggerError(
                code: .invalidExpression, field: name, reason: "is not a field; use \(fieldNames.sorted().joined(separator: ", "))")
        }
        return CronFields(
            year: values["year"]?.text, month: values["month"]?.text, day: values["day"]?.text,
            week: values["week"]?.text, dayOfWeek: values["day_of_week"]?.text, hour: values["hour"]?.text,
            minute: values["minute"]?.text, second: values["second"]?.text)
    }

    private static let unitSeconds: [String: Double] = [
        "weeks": 604_800, "days": 86_400, "hours": 3_600, "minutes": 60, "seconds": 1, "milliseconds": 0.001,
    ]

    static func duration(_ units: [String: Double]) throws(TriggerError) -> Duration {
        var nanoseconds = 0.0
        for (unit, amount) in units {
            guard let seconds = unitSeconds[unit] else {
                throw TriggerError(
                    code: .invalidArgument, field: "interval", text: unit, position: nil,
                    reason: "is not a unit; use weeks, days, hours, minutes, seconds or milliseconds")
            }
            nanoseconds += amount * seconds * 1e9
        }
        guard nanoseconds.isFinite, abs(nanoseconds) < 9e18 else {
            throw TriggerError(code: .invalidArgument, field: "interval", reason: "is too large")
        }
        return .nanoseconds(Int64(nanoseconds.rounded()))
    }
}
