import Foundation
import Hourglass
import Testing

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
}
