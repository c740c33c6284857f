import Foundation
import Hourglass
import HourglassSQLite
import Testing
import HourglassTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Real processes, real time: the one place where the tests wait on the wall clock, because
/// what is tested is a process being killed while its runs are in flight.
@Suite("Crash safety of the SQLite store, with real processes", .serialized)
struct CrashTests {
    private static func jobs(at start: Date) throws -> [Job] {
        try (0..<8).map { number in
            var options = JobOptions(tags: ["crash-test"])
            options.metadata = ["number": "\(number)"]
            options.retry = RetryPolicy(maxAttempts: 2, initialBackoff: .milliseconds(100))
            return Job(
                id: JobID("tick-\(number)"), name: "tick \(number)",
                trigger: try IntervalTrigger(every: .seconds(1), start: start.addingTimeInterval(Double(number) / 8)),
                target: .handler(name: "tick", arguments: JobArguments(json: #"{"n":\#(number)}"#)), options: options,
                nextRunTime: start.addingTimeInterval(Double(number) / 8))
        }
    }

    /// A store file with the jobs, which start within two seconds, and a log path beside it.
    private static func prepare(in directory: TemporaryDirectory) async throws -> (store: String, log: String, jobs: [Job]) {
        let storePath = directory.path("jobs.sqlite")
        // Whole seconds: stored triggers keep instants to the nanosecond, not to Date's last bit.
        let start = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 1).rounded(.up))
        let jobs = try Self.jobs(at: start)
        _ = try await SQLiteJobStore(path: storePath).add(jobs, onConflict: .fail)
        return (storePath, directory.path("runs.log"), jobs)
    }

    @Test("kill -9 while runs are in flight, three times: jobs and options kept, in-flight runs abandoned, no fire time twice")
    func killAndRestart() async throws {
        let directory = TemporaryDirectory()
        let (storePath, logPath, jobs) = try await Self.prepare(in: directory)

        var inFlightAtKills: [Set<ProbeLog.Run>] = []
        for _ in 0..<3 {
            let process = try Probe.launch(store: storePath, log: logPath)
            let seen = try ProbeLog(path: logPath).started.count
            try await waitUntil("the probe has started runs, some still in flight") {
                let log = try ProbeLog(path: logPath)
                return log.started.count >= seen + 6 && !log.inFlight.isEmpty
            }
            kill(process.processIdentifier, SIGKILL)
            try await waitForExit(process, "the killed probe has ended")
            inFlightAtKills.append(try ProbeLog(path: logPath).inFlight)
            #expect(!inFlightAtKills.last!.isEmpty)
        }

        let last = try Probe.launch(store: storePath, log: logPath)
        let seen = try ProbeLog(path: logPath).started.count
        try await waitUntil("the restarted probe runs jobs again") { try ProbeLog(path: logPath).started.count >= seen + 4 }
        kill(last.processIdentifier, SIGTERM)
        try await waitForExit(last, "the probe has stopped after SIGTERM")
        #expect(last.terminationStatus == 0, "a graceful shutdown exits 0")

        let store = try SQLiteJobStore(path: storePath)
        let kept = try await store.jobs(matching: JobFilter(tags: ["crash-test"]))
        #expect(kept.map(\.id) .sorted() == jobs.map(\.id).sorted())
        for job in jobs {
            let stored = try #require(kept.first { $0.id == job.id })
            #expect(stored.options == job.options)
            #expect(stored.trigger == job.trigger)
            #expect(stored.target == job.target && stored.name == job.name)
        }

        let log = try ProbeLog(path: logPath)
        #expect(log.started.count == Set(log.started).count, "a fire time ran twice: \(log.started.count - Set(log.started).count) repeats")
        var history: [RunRecord] = []
        for job in jobs { history += try await store.runs(of: job.id, limit: 1_000) }
        #expect(!history.contains { $0.status == .running }, "runs left running after a graceful shutdown")
        let abandoned = Set(history.filter { $0.status == .abandoned }.map { ProbeLog.Run(job: $0.jobID.rawValue, fireTime: $0.scheduledFireTime.timeIntervalSince1970) })
        for (kill, inFlight) in inFlightAtKills.enumerated() {
            let missing = inFlight.subtracting(abandoned)
            #expect(missing.isEmpty, "kill \(kill + 1): runs in flight not recorded as abandoned: \(missing)")
        }
        let succeeded = history.filter { $0.status == .success }.count
        #expect(succeeded > 0 && succeeded <= log.started.count)
    }

    @Test("two processes on one file run every fire time once")
    func twoProcesses() async throws {
        let directory = TemporaryDirectory()
        let (storePath, logPath, jobs) = try await Self.prepare(in: directory)
        let first = try Probe.launch(store: storePath, log: logPath, id: "node-1")
        let second = try Probe.launch(store: storePath, log: logPath, id: "node-2")
        try await waitUntil("both processes have run jobs for a while") { try ProbeLog(path: logPath).started.count >= 24 }
        for process in [first, second] { kill(process.processIdentifier, SIGTERM) }
        for process in [first, second] { try await waitForExit(process, "a probe has stopped after SIGTERM") }

        let log = try ProbeLog(path: logPath)
        #expect(log.started.count == Set(log.started).count, "a fire time ran twice: \(log.started.count - Set(log.started).count) repeats")
        let store = try SQLiteJobStore(path: storePath)
        var owners = Set<String>()
        for job in jobs {
            let runs = try await store.runs(of: job.id, limit: 1_000)
            owners.formUnion(runs.map(\.owner))
            let fireTimes = runs.map { $0.scheduledFireTime.timeIntervalSince1970 }.sorted()
            #expect(fireTimes.count == Set(fireTimes).count, "\(job.id): a fire time recorded twice")
            // Every second from the first fire time to the last, none lost.
            if let firstTime = fireTimes.first, let lastTime = fireTimes.last {
                #expect(fireTimes.count == Int((lastTime - firstTime).rounded()) + 1, "\(job.id): fire times lost: \(fireTimes)")
            }
        }
        #expect(owners == ["node-1", "node-2"], "both processes should have run jobs, ran: \(owners)")
    }
}
