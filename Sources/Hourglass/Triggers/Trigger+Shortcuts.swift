import Foundation

// Schedules written as words where they read better than a cron string:
// `trigger: try .every(.seconds(30))`, `trigger: try .daily(at: 3, timeZone: berlin)`.

extension Trigger where Self == IntervalTrigger {
    /// Every `interval`, at whole multiples of it since 1970-01-01T00:00Z, as the daemon's
    /// `interval:` without `start`: every 10 minutes is at :00, :10, :20 ... The trigger is
    /// the same value at every start of a service, so that ``ConflictPolicy/update`` keeps
    /// its job's next run (`IntervalTrigger(every:)` counts from the instant it is made).
    ///
    /// - Throws: ``TriggerError/Code/invalidArgument`` for an interval outside 1 ms to 100 years.
    public static func every(_ interval: Duration) throws(TriggerError) -> IntervalTrigger {
        try IntervalTrigger(every: interval, start: Date(timeIntervalSince1970: 0))
    }
}

extension Trigger where Self == CronTrigger {
    /// The fire times of a crontab expression in `timeZone` (see ``CronExpression/init(_:hashID:)``).
    ///
    /// - Throws: ``TriggerError`` naming the field and position of a mistake.
    public static func cron(_ expression: String, timeZone: TimeZone = .gmt) throws(TriggerError) -> CronTrigger {
        try CronTrigger(expression, timeZone: timeZone)
    }

    /// Every hour at `minute` past.
    ///
    /// - Throws: ``TriggerError/Code/invalidArgument`` for a minute outside 0...59.
    public static func hourly(atMinute minute: Int = 0) throws(TriggerError) -> CronTrigger {
        try CronTrigger("\(checked(minute, "minute", 0...59)) * * * *")
    }

    /// Every day at `hour`:`minute` in `timeZone` (UTC unless given), with the daylight
    /// saving rules of ``DaylightSavingPolicy/automatic``: a time skipped by a spring-forward
    /// runs at the first instant after the gap, a repeated one runs once.
    ///
    /// - Throws: ``TriggerError/Code/invalidArgument`` for an hour outside 0...23 or a
    ///   minute outside 0...59.
    public static func daily(at hour: Int, minute: Int = 0, timeZone: TimeZone = .gmt) throws(TriggerError) -> CronTrigger {
        let hour = try checked(hour, "hour", 0...23)
        let minute = try checked(minute, "minute", 0...59)
        return try CronTrigger("\(minute) \(hour) * * *", timeZone: timeZone)
    }

    private static func checked(_ value: Int, _ field: String, _ range: ClosedRange<Int>) throws(TriggerError) -> Int {
        guard range.contains(value) else {
            throw .invalidArgument(field, "\(value) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }
}
