import Foundation
import Hourglass
import Testing

/// An instant from ISO-8601 text, failing the test when the text does not parse.
package func instant(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Date {
    try #require(ISO8601Timestamp.parse(text), "not an ISO-8601 instant: \(text)", sourceLocation: sourceLocation)
}

/// The next `count` fire times of `trigger` after `start`, as ISO-8601 text in `zone`.
package func fireTimes(
    _ trigger: some Trigger, after start: String, count: Int = 5, in zone: TimeZone? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> [String] {
    let times = try trigger.nextFireTimes(after: instant(start, sourceLocation: sourceLocation), count: count)
    return times.map { ISO8601Timestamp.format($0, in: zone ?? .gmt) }
}

/// A crontab trigger's next fire times in a named zone.
package func cronTimes(
    _ expression: String, in zoneName: String = "UTC", after start: String, count: Int = 5,
    daylightSaving: DaylightSavingPolicy = .automatic, sourceLocation: SourceLocation = #_sourceLocation
) throws -> [String] {
    let zone = try TimeZone.named(zoneName)
    let trigger = try CronTrigger(expression, timeZone: zone, daylightSaving: daylightSaving)
    return try fireTimes(trigger, after: start, count: count, in: zone, sourceLocation: sourceLocation)
}
