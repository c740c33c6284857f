import Foundation
import Hourglass
import HourglassSQLite
import HourglassTestSupport
import Testing

@Suite("Blocking runs and the SQLite history", .timeLimit(.minutes(1)))
struct SQLiteBlockingHistoryTests {
    typealias F = SchedulerFixture

    @Test("the ends of many blocking runs reach the history of an SQLite store")
    func historyOfMany() async throws {
        let fixture = F()
        let directory = TemporaryDirectory()
        let store = "durable"
        try await fixture.scheduler.addStore(SQLiteJobStore(path: directory.path("jobs.sqlite")), named: store)
        try await BlockingRunsHistory.check(fixture, store: store)
    }
}
