import Foundation
import Hourglass
import Testing

/// Checks that the ends of many blocking runs, due at one instant, all reach the history
/// of a store: the memory store (HourglassTests) and an SQLite store (HourglassSQLiteTests).
package enum BlockingRunsHistory {
    /// Adds 200 blocking jobs due at once to the store named `store` (the default one when
    /// nil) of `fixture`'s scheduler, runs them, and expects a `success` record of each.
    package static func check(_ fixture: SchedulerFixture, store: String?) async throws {
        await fixture.scheduler.registerBlocking("tick") { _ in }
        let ids = (0..<200).map { JobID("job-\($0)") }
        for id in ids {
            try await fixture.scheduler.add(id: id, trigger: DateTrigger(at: SchedulerFixture.at(1)), handler: "tick", store: store)
        }
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: SchedulerFixture.at(1))
        var recorded = 0
        for id in ids { recorded += try await fixture.scheduler.runs(of: id, in: store).filter { $0.status == .success }.count }
        #expect(recorded == ids.count)
        await fixture.scheduler.shutdown()
    }
}
