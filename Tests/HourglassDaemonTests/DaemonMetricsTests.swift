import Foundation
import HourglassTestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `hourglass run --http` serves `/metrics` from the swift-prometheus backend it bootstraps.
/// A real process on the wall clock, on loopback.
@Suite("The daemon's /metrics (the built binary)", .timeLimit(.minutes(2)))
struct DaemonMetricsTests {
    let directory = TemporaryDirectory()
    var hourglass: HourglassBinary { HourglassBinary(directory: directory) }

    @Test("with --http the daemon exports its runs and next fire times in the Prometheus text format")
    func metrics() async throws {
        try """
        jobs:
          - {id: boot, cron: "@reboot", shell: "echo started >> boot.txt"}
          - {id: nightly, cron: "0 4 * * *", command: ["true"]}
        """.write(toFile: directory.path("hourglass.yaml"), atomically: true, encoding: .utf8)
        let daemon = try hourglass.start(["run", "--http", "127.0.0.1:0"], log: "daemon.log")
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        var port: Int?
        try await waitUntil("the API listens") {
            port = Self.port(in: hourglass.log("daemon.log"))
            return port != nil || !daemon.isRunning
        }
        let listening = try #require(port, "\(hourglass.log("daemon.log"))")
        let url = try #require(URL(string: "http://127.0.0.1:\(listening)/metrics"))
        var page = ""
        try await waitUntil("the @reboot run is counted") {
            let (data, response) = try await URLSession.shared.data(from: url)
            #expect((response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
            page = String(decoding: data, as: UTF8.self)
            return page.contains(#"hourglass_runs_total{job="boot",store="default",outcome="success"} 1"#)
        }
        #expect(page.contains("# TYPE hourglass_run_duration_seconds histogram"), "\(page)")
        #expect(page.contains(#"hourglass_job_next_fire_time_seconds{job="nightly",store="default"} "#), "\(page)")
        kill(daemon.processIdentifier, SIGTERM)
        try await waitForExit(daemon, "the daemon has stopped")
    }

    /// The port of the log line "http API listening ... http.port=N".
    private static func port(in log: String) -> Int? {
        guard let line = log.split(separator: "\n").first(where: { $0.contains("http API listening") }),
            let field = line.split(separator: " ").first(where: { $0.hasPrefix("http.port=") })
        else { return nil }
        return Int(field.dropFirst("http.port=".count))
    }
}
