import Foundation

/// Fires at every wall-clock instant whose fields match a cron expression, in one time zone.
///
/// ```swift
/// let trigger = try CronTrigger("30 2 * * *", timeZone: .named("Europe/Berlin"))
/// let next = try trigger.nextFireTime(after: .now)
/// ```
///
/// Daylight saving time follows cron(8) unless ``daylightSaving`` says otherwise: see
/// ``DaylightSavingPolicy``. Resolution is one second; fire times never pass year 9999.
public struct CronTrigger: Trigger, Hashable {
    public static let typeName = "cron"

    /// The expression that decides which wall times match.
    public let expression: CronExpression
    /// The zone whose wall clock the fields are read in: the expression's own
    /// (`CRON_TZ=`) when it has one, else the zone given.
    public let timeZone: TimeZone
    /// No fire time before this instant (inclusive).
    public let start: Date?
    /// No fire time after this instant (inclusive).
    public let end: Date?
    public let jitter: Duration?
    /// How gaps and overlaps of daylight saving time are handled.
    public let daylightSaving: DaylightSavingPolicy

    private let rules: WallClockRules
    private let zone: ZoneTransitions

    /// A trigger for a parsed expression.
    ///
    /// - Throws: ``TriggerError/Code/invalidArgument`` when `end` is before `start`.
    public init(
        _ expression: CronExpression, timeZone: TimeZone = .gmt, start: Date? = nil, end: Date? = nil,
        jitter: Duration? = nil, daylightSaving: DaylightSavingPolicy = .automatic
    ) throws(TriggerError) {
        if let start, let end, end < start {
            throw .invalidArgument("end", "is before start; the trigger could never fire")
        }
        self.jitter = try TriggerError.checked(jitter: jitter)
        self.expression = expression
        self.timeZone = expression.timeZone ?? timeZone
        self.start = start
        self.end = end
        self.daylightSaving = daylightSaving
        rules = daylightSaving.resolved(isWildcard: expression.isWildcard)
        zone = ZoneTransitions.shared(for: self.timeZone)
    }

    /// A trigger for a crontab string (see ``CronExpression/init(_:hashID:)``);
    /// `hashID` is the job id that `H` values are hashed from.
    public init(
        _ crontab: String, hashID: String? = nil, timeZone: TimeZone = .gmt, start: Date? = nil, end: Date? = nil,
        jitter: Duration? = nil, daylightSaving: DaylightSavingPolicy = .automatic
    ) throws(TriggerError) {
        try self.init(
            CronExpression(crontab, hashID: hashID), timeZone: timeZone, start: start, end: end, jitter: jitter,
            daylightSaving: daylightSaving)
    }

    /// A trigger for named fields with APScheduler's meaning (see ``CronFields``).
    public init(
        fields: CronFields, timeZone: TimeZone = .gmt, start: Date? = nil, end: Date? = nil,
        jitter: Duration? = nil, daylightSaving: DaylightSavingPolicy = .automatic
    ) throws(TriggerError) {
        try self.init(
            CronExpression(fields: fields), timeZone: timeZone, start: start, end: end, jitter: jitter,
            daylightSaving: daylightSaving)
    }

    public func nextFireTime(after date: Date) -> Date? {
        var after = TimeLimits.wholeSeconds(date, rounded: .down)
        if let start {
            // Fire times are whole seconds at or after `start`.
            after = max(after, TimeLimits.wholeSeconds(start, rounded: .up) - 1)
        }
        guard let instant = rules.nextInstant(after: after, in: zone, schedule: expression.schedule) else {
            return nil
        }
        let fireTime = Date(timeIntervalSince1970: Double(instant))
        if let end, fireTime > end { return nil }
        return fireTime
    }

    public var description: String {
        "cron '\(expression)' in \(timeZone.displayName)"
    }

    public static func == (lhs: CronTrigger, rhs: CronTrigger) -> Bool {
        lhs.expression == rhs.expression && lhs.timeZone.identifier == rhs.timeZone.identifier
            && lhs.start == rhs.start && lhs.end == rhs.end && lhs.jitter == rhs.jitter
            && lhs.daylightSaving == rhs.daylightSaving
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(expression)
        hasher.combine(timeZone.identifier)
        hasher.combine(start)
        hasher.combine(end)
    }
}
