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
        await fixture.scheduler.registerBlocking("tick") { _ in }
        let ids = (0..<200).map { JobID("job-\($0)") }
        for id in ids {
            try await fixture.scheduler.add(id: id, trigger: DateTrigger(at: F.at(1)), handler: "tick", store: store)
        }
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(1))
        var recorded = 0
        for id in ids { recorded += try await fixture.scheduler.runs(of: id, in: store).filter { $0.status == .success }.count }
        #expect(recorded == ids.count)
        await fixture.scheduler.shutdown()
    }
}
