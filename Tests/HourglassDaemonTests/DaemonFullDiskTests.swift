import Foundation
import Hourglass
import HourglassTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension DaemonEndToEndTests {
    /// Whether this machine lets the tests mount a small tmpfs in a mount namespace of
    /// their own (as root, or with the capability to).
    static let canMountTmpfs: Bool = {
        let directory = TemporaryDirectory()
        return unshareSucceeds(["--mount", "mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", directory.url.path])
    }()

    @Test(
        "on a full disk the daemon logs what to fix and keeps going; once there is room, every run is recorded once",
        .enabled(if: canMountTmpfs, "needs unshare and mount to give the store a small tmpfs of its own"))
    func fullDisk() async throws {
        // `held` runs until the test creates `release`, so that it ends while the disk is full.
        try writeConfiguration(
            """
            store: disk/jobs.sqlite
            jobs:
              - {id: tick, interval: 1s, shell: echo tick}
              - id: held
                interval: 1h
                start: \(Self.soon())
                shell: "touch started; while [ ! -e release ]; do sleep 0.05; done; echo released"
            """)
        let disk = directory.path("disk")
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        // The shell stays (as `sleep`) once the daemon has stopped, so that its mount
        // namespace, and the tmpfs in it, outlive the daemon for the history to be read.
        let namespace = try startUnshare(
            [
                "--mount", "--fork", "sh", "-c", "mount -t tmpfs -o size=4m tmpfs disk && \"$0\" run; exec sleep 300",
                HourglassBinary.executable.path,
            ], log: "full.log")
        defer {
            // However far the test got: the daemon, then the shell that holds the namespace.
            for shell in Self.children(of: namespace.processIdentifier) {
                for child in Self.children(of: shell) { kill(child, SIGKILL) }
                kill(shell, SIGKILL)
            }
        }
        var shell: Int32 = 0
        var daemon: Int32 = 0
        try await waitUntil("the daemon has started on its tmpfs", detail: hourglass.log("full.log")) {
            shell = Self.children(of: namespace.processIdentifier).first ?? 0
            daemon = shell == 0 ? 0 : Self.children(of: shell).first ?? 0
            return daemon != 0 && hourglass.log("full.log").contains("hourglass daemon started")
        }
        // Commands in the daemon's mount namespace see its tmpfs; they name files by absolute path.
        let inNamespace = ["/usr/bin/nsenter", "-t", "\(shell)", "-m"]
        let configuration = ["--config", directory.path("hourglass.yaml")]
        try await waitUntil("the held run has started") {
            FileManager.default.fileExists(atPath: directory.path("started"))
        }

        // Fill the disk to its last byte: `head` ends with "No space left on device".
        let filler = directory.path("disk/filler")
        _ = try runProgram(inNamespace + ["sh", "-c", "head -c 8m /dev/zero > '\(filler)'"])
        try await waitUntil("the store reports the full disk", detail: hourglass.log("full.log")) {
            hourglass.log("full.log").contains("job store failed; trying again after a pause")
        }
        let failure = try #require(
            hourglass.log("full.log").split(separator: "\n").first { $0.contains("job store failed") })
        #expect(failure.contains("store '\(disk)/jobs.sqlite': cannot grow: the disk is full"), "\(failure)")
        // A run that ends now: its end is kept, and written again after pauses.
        _ = FileManager.default.createFile(atPath: directory.path("release"), contents: nil)
        try await waitUntil("the held run's end could not be written", detail: hourglass.log("full.log")) {
            hourglass.log("full.log").contains("run history not written; trying again after a pause")
        }
        #expect(CommandRunnerTests.isAlive(daemon))

        // Room again: the store works, and the runs go on.
        #expect(try runProgram(inNamespace + ["rm", filler]) == 0)
        try await waitUntil("the store works again", detail: hourglass.log("full.log")) {
            hourglass.log("full.log").contains("job store works again")
        }
        let succeededBefore = Self.succeeded(in: hourglass.log("full.log"))
        try await waitUntil("two more runs succeed") {
            Self.succeeded(in: hourglass.log("full.log")) >= succeededBefore + 2
        }
        kill(daemon, SIGTERM)
        try await waitUntil("the daemon has stopped") { !Self.children(of: shell).contains(daemon) }
        #expect(hourglass.log("full.log").contains("hourglass daemon stopped"))

        // Every run that succeeded is recorded, once, with its fire time; the held run too.
        let runs = try await hourglass.history("tick", arguments: configuration, wrapper: inNamespace)
        #expect(runs.filter { $0.status == .success }.count == Self.succeeded(in: hourglass.log("full.log")))
        #expect(Set(runs.map(\.scheduledFireTime)).count == runs.count)
        #expect(runs.allSatisfy { [.success, .skipped].contains($0.status) }, "\(runs.map(\.status))")
        let held = try await hourglass.history("held", arguments: configuration, wrapper: inNamespace)
        #expect(held.map(\.status) == [.success] && held.first?.message == "released", "\(held)")
    }

    /// How many runs of `tick` the daemon's log reports succeeded.
    private static func succeeded(in log: String) -> Int {
        log.split(separator: "\n").filter { $0.contains("job.id=tick") && $0.contains("command succeeded") }.count
    }
}
