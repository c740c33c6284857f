import Foundation

/// A parsed, validated cron expression: a crontab string or a set of named fields.
///
/// ```swift
/// let weekdays = try CronExpression("0 9 * * mon-fri")
/// print(weekdays.humanDescription) // At 09:00, Monday through Friday
/// ```
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// Where the expression came from.
    public enum Source: Sendable, Hashable {
        /// A crontab string (5, 6 or 7 fields, or a nickname), cron's day rule.
        case crontab(String)
        /// Named fields, APScheduler's day rule.
        case fields(CronFields)
    }

    /// The text or fields this expression was parsed from.
    public let source: Source

    /// Whether this is a *wildcard* job for the DST rules: its second, minute or hour
    /// field starts with `*`. Every other job is a *fixed-time* job.
    public let isWildcard: Bool

    /// The job id that hashed values (`H`) were picked with; nil when none was given.
    public let hashID: String?

    /// The zone of a leading `CRON_TZ=` or `TZ=`, which overrides the trigger's zone;
    /// nil without one.
    public let timeZone: TimeZone?

    let schedule: CronSchedule

    /// Parses a crontab string: `minute hour day-of-month month day-of-week`, with an
    /// optional leading `second` and trailing `year`, or a nickname such as `@daily`,
    /// optionally after `CRON_TZ=Zone` or `TZ=Zone`.
    ///
    /// - Parameters:
    ///   - crontab: The expression.
    ///   - hashID: The job id that `H` values are hashed from (`H H * * *`); an
    ///     expression with `H` and no hash id is an error.
    /// - Throws: ``TriggerError`` naming the field, text and position that is wrong, or
    ///   ``TriggerError/Code/neverFires`` when no date can ever match (`0 0 30 2 *`).
    public init(_ crontab: String, hashID: String? = nil) throws(TriggerError) {
        let parsed = try CrontabParser.parse(crontab, hashID: hashID)
        schedule = parsed.schedule
        isWildcard = parsed.isWildcard
        timeZone = parsed.timeZone
        self.hashID = hashID
        source = .crontab(crontab)
        try checkCanFire()
    }

    /// Compiles named fields with APScheduler's meaning (see ``CronFields``).
    ///
    /// - Throws: ``TriggerError`` naming the field and text that is wrong, or
    ///   ``TriggerError/Code/neverFires`` when no date can ever match.
    public init(fields: CronFields) throws(TriggerError) {
        (schedule, isWildcard) = try FieldsParser.parse(fields)
        source = .fields(fields)
        hashID = nil
        timeZone = nil
        try checkCanFire()
    }

    private func checkCanFire() throws(TriggerError) {
        guard schedule.hasMatchingDay else {
            throw .never("'\(self)' can never fire: no date matches its day, month\(schedule.years == nil ? "" : ", year") and week fields together")
        }
    }

    /// The crontab string, or the fields as `name=value` pairs.
    public var description: String {
        switch source {
        case .crontab(let text): return text
        case .fields(let fields): return fields.summary
        }
    }

    /// The first matching wall time at or after `wall` (wall seconds).
    func nextWallTime(atOrAfter wall: Int64) -> Int64? {
        schedule.nextWallTime(atOrAfter: wall)
    }
}
