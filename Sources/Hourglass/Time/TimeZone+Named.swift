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
