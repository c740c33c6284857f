import Foundation
import Hourglass
import Testing
import HourglassTestSupport

@Suite("Time zones are shown as configured: UTC, never GMT")
struct ZoneNameTests {
    @Test("UTC (which Foundation on Linux calls GMT) shows as UTC; named zones show their IANA name")
    func names() throws {
        #expect(try TimeZone.named("UTC").displayName == "UTC")
        #expect(TimeZone.gmt.displayName == "UTC")
        #expect(try TimeZone.named("Europe/Berlin").displayName == "Europe/Berlin")
        #expect(try TimeZone.named("Etc/UTC").displayName == "Etc/UTC")
    }

    @Test("cron and calendar triggers in UTC describe their zone as UTC")
    func triggerDescriptions() throws {
        #expect(try CronTrigger("0 3 * * *", timeZone: .named("UTC")).description == "cron '0 3 * * *' in UTC")
        let calendar = try CalendarIntervalTrigger(
            months: 1, at: .init(hour: 9), startDate: .init(year: 2026, month: 1, day: 31), timeZone: .named("UTC"))
        #expect(calendar.description.hasSuffix(" in UTC"), "\(calendar.description)")
    }
}
