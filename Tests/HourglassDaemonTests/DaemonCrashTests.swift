import Foundation
import Hourglass
import Testing
import HourglassTestSupport

#if canImport(Glibc)
    import Glibc
#endif

extension DaemonEndToEndTests {
    @Test("kill -9 of the daemon ends its running commands with it, so none overlaps the next daemon's runs")
    func orphansEndWithTheDaemon() async throws {
        try writeConfiguration(
            """
            jobs:
              - {id: long, interval: 1h, start: \(Self.soon()), shell: "echo $$ > long.pid; sleep 60 & echo $! > child.pid; wait"}
            """)
        let daemon = try await startDaemon()
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        let shell = try await waitForProcessID(inFile: directory.path("long.pid"), "the long command has started")
        let child = try await waitForProcessID(inFile: directory.path("child.pid"), "the long command has started its child")
        kill(daemon.processIdentifier, SIGKILL)
        try await waitForExit(daemon, "the killed daemon has ended")
        try await waitUntil("the command and its child have ended with their daemon", timeout: .seconds(5)) {
            !CommandRunnerTests.isAlive(shell) && !CommandRunnerTests.isAlive(child)
        }
    }

    @Test("a daemon restarted under the same --node-id settles its previous process's run at once, not after a lease")
    func restartedNodeSettlesAtOnce() async throws {
        try writeConfiguration(
            """
            jobs:
              - {id: long, interval: 1h, start: \(Self.soon()), shell: "echo $$ > long.pid; sleep 60"}
            """)
        let first = try await startDaemon(["--node-id", "node-1"], log: "first.log")
        defer { if first.isRunning { kill(first.processIdentifier, SIGKILL) } }
        _ = try await waitForProcessID(inFile: directory.path("long.pid"), "the long command has started")
        kill(first.processIdentifier, SIGKILL)
        try await waitForExit(first, "the killed daemon has ended")
        #expect(try await hourglass.history("long").map(\.status) == [.running])
        let second = try await startDaemon(["--node-id", "node-1"], log: "second.log")
        defer { if second.isRunning { kill(second.processIdentifier, SIGKILL) } }
        // The lease is 60 s: well before it, the restarted node has marked the run abandoned
        // (after watching for up to 17 s that no live daemon renews the id's heartbeat).
        try await waitUntil("the run is recorded abandoned", timeout: .seconds(35)) {
            try await hourglass.history("long").map(\.status) == [.abandoned]
        }
        kill(second.processIdentifier, SIGTERM)
        try await waitForExit(second, "the daemon has stopped")
    }

    @Test("a node id with a space or a control character, or an empty one, is a usage error")
    func badNodeID() async throws {
        try writeConfiguration("jobs: []\n")
        for id in ["", "a b", "tab\there", String(repeating: "n", count: 201)] {
            let result = try await hourglass.run(["run", "--node-id", id])
            #expect(result.status == 2 && result.errorOutput.contains("is not a node id"), "\(id): \(result.errorOutput)")
        }
    }

    @Test("a second live daemon under a node id already in use on the store refuses to start; a clean restart does not wait")
    func twinNodeID() async throws {
        try writeConfiguration("jobs:\n  - {id: tick, interval: 1h, shell: \"true\"}\n")
        let first = try await startDaemon(["--node-id", "twin"], log: "first.log")
        defer { if first.isRunning { kill(first.processIdentifier, SIGKILL) } }
        let twin = try await hourglass.run(["run", "--node-id", "twin"])
        #expect(twin.status == 1, "\(twin.errorOutput)")
        #expect(twin.errorOutput.contains("node id 'twin'") && twin.errorOutput.contains("is in use by a live daemon"), "\(twin.errorOutput)")
        kill(first.processIdentifier, SIGTERM)
        try await waitForExit(first, "the first daemon has stopped")
        // It signed off: the same id starts again at once.
        let started = ContinuousClock.now
        let again = try await startDaemon(["--node-id", "twin"], log: "again.log")
        defer { if again.isRunning { kill(again.processIdentifier, SIGKILL) } }
        #expect(again.isRunning && ContinuousClock.now - started < .seconds(10), "\(hourglass.log("again.log"))")
        kill(again.processIdentifier, SIGTERM)
        try await waitForExit(again, "the daemon has stopped")
    }
}
