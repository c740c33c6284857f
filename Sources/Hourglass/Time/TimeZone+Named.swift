import Foundation

extension TimeZone {
    /// The IANA time zone `identifier` (`"Europe/Berlin"`), or an error naming it.
    ///
    /// - Throws: ``TriggerError`` with code ``TriggerError/Code/unknownTimeZone``.
    public static func named(_ identifier: String) throws(TriggerError) -> TimeZone {
        guard let zone = TimeZone(identifier: identifier) else {
            throw TriggerError(
                code: .unknownTimeZone, field: "time zone", text: identifier, position: nil,
                reason: "is not a known IANA time zone (for example 'UTC' or 'Europe/Berlin')")
        }
        return zone
    }
}

extension TimeZone {
    /// The zone's name as Hourglass shows it (`Europe/Berlin`, `UTC`): its identifier, except
    /// that the zone Foundation calls `GMT` is shown as `UTC`. On Linux, `TimeZone(identifier:
    /// "UTC")` is that zone, so a configured `UTC` would otherwise read `GMT`; the two are one
    /// zone, without daylight saving time.
    public var displayName: String {
        identifier == "GMT" ? "UTC" : identifier
    }
}
