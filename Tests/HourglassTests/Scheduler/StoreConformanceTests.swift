import Hourglass
import HourglassTesting
import Testing

@Suite("The memory store passes the store conformance suite")
struct StoreConformanceTests {
    @Test(arguments: JobStoreConformance.checks)
    func memoryStore(_ check: JobStoreConformance.Check) async throws {
        try await check.run(on: MemoryJobStore())
    }

    @Test("after 100,000 reschedules only the latest next run time counts")
    func heapStaysBounded() throws {
        let store = MemoryJobStore()
        let start = SchedulerFixture.start
        var job = Job(id: "a", trigger: try IntervalTrigger(every: .seconds(1)), target: .closure, nextRunTime: start)
        _ = try store.add(job, onConflict: .fail)
        for step in 0..<100_000 {
            job.nextRunTime = start.addingTimeInterval(Double(step))
            try store.update(job)
        }
        #expect(store.count == 1)
        #expect(store.nextWakeTime() == start.addingTimeInterval(99_999))
    }
}
