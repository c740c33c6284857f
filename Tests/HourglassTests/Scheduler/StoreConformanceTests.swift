import Hourglass
import HourglassTesting
import Testing
import HourglassTestSupport

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
        var job = Job(id: "a", trigger: try IntervalTrigger(every: .seconds(1)), target: .closure(JobClosure(.async { _ in })), nextRunTime: start)
        _ = try store.add(job, onConflict: .fail)
        for step in 0..<100_000 {
            job.nextRunTime = start.addingTimeInterval(Double(step))
            try store.update(job)
        }
        #expect(store.count == 1)
        #expect(store.nextWakeTime() == start.addingTimeInterval(99_999))
    }

    @Test("jobs stay findable by id through many adds and removals in random order")
    func indexSurvivesChurn() throws {
        let store = MemoryJobStore()
        let trigger = try IntervalTrigger(every: .seconds(1), start: SchedulerFixture.start)
        var generator = SystemRandomNumberGenerator()
        var present = Set<JobID>()
        for round in 0..<20_000 {
            let id = JobID("job-\(Int.random(in: 0..<3_000, using: &generator))")
            if present.contains(id) {
                #expect(store.remove(id)?.id == id, "round \(round): \(id) not removed")
                present.remove(id)
            } else {
                _ = try store.add(Job(id: id, trigger: trigger, target: .handler(name: "h", arguments: nil)), onConflict: .fail)
                present.insert(id)
            }
        }
        #expect(store.count == present.count)
        for number in 0..<3_000 {
            let id = JobID("job-\(number)")
            #expect((store.job(id) != nil) == present.contains(id), "\(id)")
        }
    }
}
