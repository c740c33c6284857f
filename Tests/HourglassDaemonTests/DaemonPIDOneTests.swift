import Foundation
import Hourglass
import Testing
import HourglassTestSupport

#if canImport(Glibc)
    import Glibc
#endif

extension DaemonEndToEndTests {
    /// Whether this machine lets the tests start a process as PID 1 of a new PID namespace.
    static let canRunAsPIDOne = unshareSucceeds(["--pid", "--fork", "--mount-proc", "true"])

    /// Whether `unshare arguments...` runs and exits with status 0 here.
    static func unshareSucceeds(_ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// Starts `unshare arguments...` in the test's directory, its output going to the file `log`.
    func startUnshare(_ arguments: [String], log: String) throws -> Process {
        let path = directory.path(log)
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments = arguments
        process.currentDirectoryURL = directory.url
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        try handle.close()
        return process
    }

    @Test(
        "as PID 1 (a container), the daemon reaps the orphans its commands leave",
        .enabled(if: canRunAsPIDOne, "needs unshare to start the daemon as PID 1 of a new PID namespace"))
    func reapsOrphansAsPIDOne() async throws {
        try writeConfiguration("jobs:\n  - {id: orphans, interval: 1s, shell: \"sleep 0.2 & exit 0\"}\n")
        let namespace = try startUnshare(
            ["--pid", "--fork", "--mount-proc", HourglassBinary.executable.path, "run"], log: "pid1.log")
        defer { if namespace.isRunning { kill(namespace.processIdentifier, SIGKILL) } }
        var daemon: Int32 = 0
        try await waitUntil("the daemon runs as PID 1 of its namespace") {
            daemon = Self.children(of: namespace.processIdentifier).first ?? 0
            return daemon != 0 && hourglass.log("pid1.log").contains("hourglass daemon started")
        }
        _ = try await waitForRuns(of: "orphans", count: 4)
        // Each run left a sleep behind that ends as a zombie child of PID 1, one a second.
        // The reaper passes once a second, so at any instant one or two may wait for it;
        // without it they pile up (four by now). Seen once, under load, two at one instant.
        try await waitUntil("at most one orphan waits to be reaped") {
            Self.children(of: daemon, state: "Z").count <= 1
        }
        kill(daemon, SIGTERM)
        try await waitForExit(namespace, "the daemon has stopped")
    }

    /// The processes whose parent is `parent`, in `state` if given (from `/proc`).
    static func children(of parent: Int32, state: Substring? = nil) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 1, Int32(fields[1]) == parent, state.map({ fields[0] == $0 }) ?? true else { return nil }
            return pid
        }
    }
}
