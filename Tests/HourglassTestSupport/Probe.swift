import Foundation
import Testing

/// The scheduler process of the crash and cluster tests (Tests/HourglassCrashProbe).
package enum Probe {
    /// The probe executable, built beside the test bundle.
    package static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("hourglass-crash-probe")
    }

    /// Starts a probe on `store` (a file or a postgres:// URL with its `schema`) as scheduler `id`,
    /// each run taking `runMilliseconds`.
    package static func launch(
        store: String, log: String, id: String = "probe", schema: String? = nil, runMilliseconds: Int = 600
    ) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = [store, log, id] + (schema.map { [$0] } ?? [])
        process.environment = ProcessInfo.processInfo.environment.merging(["HOURGLASS_PROBE_RUN_MS": "\(runMilliseconds)"]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}

/// Waits until `condition` holds, checking every 20 ms, or throws after `timeout`: for
/// tests of real processes on the wall clock, and for work on other tasks that a test
/// cannot await (the timeout then only bounds a failing test). `detail` (a process's log,
/// say) is read only on a timeout, and goes into the error.
package func waitUntil(
    _ what: String, timeout: Duration = .seconds(20), detail: @autoclosure () -> String = "",
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw ProbeTimeout(what: what, detail: detail()) }
        try await Task.sleep(for: .milliseconds(20))
    }
}

/// Waits for `process` to exit, polling. Foundation's `waitUntilExit` can hang, spinning,
/// after the process has ended (while a grandchild holds a descriptor, and sometimes
/// after a server restart script).
package func waitForExit(_ process: Process, _ what: String, timeout: Duration = .seconds(30)) async throws {
    try await waitUntil(what, timeout: timeout) { !process.isRunning }
}

/// Waits until a command has written a process id and a newline to `path` (as `echo $! > path`
/// does), and returns the id.
package func waitForProcessID(inFile path: String, _ what: String) async throws -> Int32 {
    var line: String?
    try await waitUntil(what) {
        line = try? String(contentsOfFile: path, encoding: .utf8)
        return line?.hasSuffix("\n") == true
    }
    return try #require(Int32(line?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""), "no process id in \(path)")
}

package struct ProbeTimeout: Error, CustomStringConvertible {
    package let what: String
    package var detail = ""
    package var description: String { "timed out waiting until \(what)" + (detail.isEmpty ? "" : "\n\(detail)") }
}

/// The probe's log: which runs started and which ended.
package struct ProbeLog {
    package struct Run: Hashable, CustomStringConvertible {
        package let job: String
        package let fireTime: Double
        package init(job: String, fireTime: Double) {
            self.job = job
            self.fireTime = fireTime
        }
        package var description: String { "\(job)@\(fireTime)" }
    }

    package var started: [Run] = []
    package var ended: Set<Run> = []

    package init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 3, let fireTime = Double(parts[2]) else { continue }
            let run = Run(job: String(parts[1]), fireTime: fireTime)
            if parts[0] == "start" { started.append(run) } else { ended.insert(run) }
        }
    }

    /// Runs that started and have not ended.
    package var inFlight: Set<Run> { Set(started).subtracting(ended) }
}
