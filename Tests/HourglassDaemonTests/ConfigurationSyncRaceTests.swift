import Foundation
import Hourglass
import HourglassDaemon
import Testing
import HourglassTestSupport

/// A daemon's sync racing another's: the store's list of jobs is read before the other
/// daemon adds or removes one, so the sync acts on a list that is already out of date.
@Suite("Syncing while another daemon syncs")
struct ConfigurationSyncRaceTests {
    static let storeName = "shared"

    /// A store whose list of jobs reads as empty: what a daemon sees when it reads the
    /// list just before another daemon adds the file's jobs.
    final class StaleListStore: MemoryStoreWrapper {
        let base = MemoryJobStore()
        var isPersistent: Bool { false }
        func jobs(matching filter: JobFilter) -> [Job] { [] }
    }

    static func configuration(source: String, command: String = "x") throws -> DaemonConfiguration {
        try DaemonConfiguration.parse(
            "source: \(source)\njobs:\n  - {id: nightly, cron: \"0 3 * * *\", command: [\(command)]}",
            file: "/etc/hourglass.yaml", now: SchedulerFixture.start)
    }

    /// A scheduler whose store `shared` already holds the jobs of `configuration`, as another
    /// daemon's sync left them, but lists none.
    static func scheduler(holding configuration: DaemonConfiguration) async throws -> Scheduler {
        let store = StaleListStore()
        let other = SchedulerFixture().scheduler
        try await other.addStore(store.base, named: storeName)
        try await ConfigurationSync.apply(configuration, to: other, store: storeName)
        let scheduler = SchedulerFixture().scheduler
        try await scheduler.addStore(store, named: storeName)
        return scheduler
    }

    @Test("a job another daemon of the same source added a moment ago is taken as found, or replaced if it differs")
    func sameSource() async throws {
        let configuration = try Self.configuration(source: "cluster")
        let scheduler = try await Self.scheduler(holding: configuration)
        let changes = try await ConfigurationSync.apply(configuration, to: scheduler, store: Self.storeName)
        #expect(changes.unchanged == ["nightly"] && changes.added.isEmpty)

        let newer = try await Self.scheduler(holding: configuration)
        let edited = try Self.configuration(source: "cluster", command: "y")
        #expect(try await ConfigurationSync.apply(edited, to: newer, store: Self.storeName).changed == ["nightly"])
    }

    @Test("a job from another source added a moment ago is still the clear error")
    func otherSource() async throws {
        let scheduler = try await Self.scheduler(holding: Self.configuration(source: "billing"))
        let error = await #expect(throws: ConfigurationError.self) {
            try await ConfigurationSync.apply(Self.configuration(source: "cluster"), to: scheduler, store: Self.storeName)
        }
        #expect(error?.job == "nightly" && error?.field == "id", "\(String(describing: error))")
        #expect(error?.message.contains("the configuration 'billing'") == true, "\(String(describing: error))")
    }
}
