import Foundation
import HourglassTestSupport
import Testing

/// The dashboard in headless Chromium, driven by Tests/Browser/dashboard_test.py (selenium)
/// against the built daemon with an SQLite store. Skipped where python3 lacks selenium or
/// chromedriver is missing, unless HOURGLASS_REQUIRE_BROWSER=1 (as .ci/run sets it), which
/// makes that a failure. Screenshots go to HOURGLASS_SCREENSHOT_DIR, else
/// ${TMPDIR:-/tmp}/hourglass-screenshots.
@Suite("The dashboard in a real browser", .timeLimit(.minutes(5)))
struct DashboardBrowserTests {
    let directory = TemporaryDirectory()

    @Test("sign in, jobs and next runs, pause by clicking, run now and its output, screenshots")
    func dashboardInChromium() async throws {
        let environment = ProcessInfo.processInfo.environment
        let required = environment["HOURGLASS_REQUIRE_BROWSER"] == "1"
        let missing = await missingTools()
        guard missing.isEmpty else {
            if required {
                Issue.record("HOURGLASS_REQUIRE_BROWSER=1, but \(missing.joined(separator: " and ")) missing")
            }
            return
        }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Browser/dashboard_test.py").path
        let screenshots = environment["HOURGLASS_SCREENSHOT_DIR"]
            ?? URL(fileURLWithPath: environment["TMPDIR"] ?? "/tmp").appendingPathComponent("hourglass-screenshots").path
        let (status, output) = try await run(
            ["python3", script, HourglassBinary.executable.path, screenshots], timeout: .seconds(240))
        #expect(status == 0, "the browser test failed:\n\(output)")
    }

    /// What the browser test needs and this machine lacks.
    private func missingTools() async -> [String] {
        var missing: [String] = []
        if (try? await run(["python3", "-c", "import selenium"], timeout: .seconds(30)).status) != 0 {
            missing.append("python3's selenium is")
        }
        if !FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver") {
            missing.append("/usr/bin/chromedriver is")
        }
        return missing
    }

    /// Runs `arguments` (through /usr/bin/env, so that PATH finds the program) to its end;
    /// its output and error output go to one file, returned with the exit status.
    private func run(_ arguments: [String], timeout: Duration) async throws -> (status: Int32, output: String) {
        let log = directory.path("output-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try handle.close()
        defer { if process.isRunning { process.terminate() } }
        try await waitForExit(process, "\(arguments.joined(separator: " ")) has ended", timeout: timeout)
        return (process.terminationStatus, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }
}
