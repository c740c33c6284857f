import Foundation
import Hourglass
import HourglassTestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `hourglass run --http`: the API of a real daemon process on an SQLite store.
@Suite("The daemon's HTTP API (the built binary)", .timeLimit(.minutes(2)))
struct DaemonHTTPTests {
    let directory = TemporaryDirectory()
    var hourglass: HourglassBinary { HourglassBinary(directory: directory) }
    static let readToken = "daemon-read-token-0123456789"
    static let adminToken = "daemon-admin-token-0123456789"

    func writeConfiguration(_ extra: String = "") throws {
        try """
        \(extra)
        jobs:
          - {id: backup, cron: "0 3 * * *", command: [/bin/echo, backup done]}
          - {id: report, interval: 1h, shell: "echo report"}
        """.write(toFile: directory.path("hourglass.yaml"), atomically: true, encoding: .utf8)
    }

    /// Sends a request; returns the status and body.
    func request(_ port: Int, _ method: String, _ path: String, token: String? = nil) async throws -> (Int, String) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test("serves the API on the port it took, with read and admin tokens from the environment, and never logs them")
    func servesTheAPI() async throws {
        try writeConfiguration()
        let environment = ["HOURGLASS_HTTP_READ_TOKEN": Self.readToken, "HOURGLASS_HTTP_ADMIN_TOKEN": Self.adminToken]
        let daemon = try hourglass.start(["run", "--http", "127.0.0.1:0"], log: "daemon.log", environment: environment)
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        var port = 0
        try await waitUntil("the API listens") {
            let log = hourglass.log("daemon.log")
            if let range = log.range(of: #"http\.port=(\d+)"#, options: .regularExpression) {
                port = Int(log[range].dropFirst("http.port=".count)) ?? 0
            }
            return port > 0 || !daemon.isRunning
        }
        #expect(port > 0, "\(hourglass.log("daemon.log"))")
        #expect(try await request(port, "GET", "/health").0 == 200)
        #expect(try await request(port, "GET", "/api/v1/jobs").0 == 401)
        let (status, body) = try await request(port, "GET", "/api/v1/jobs", token: Self.readToken)
        #expect(status == 200)
        #expect(body.contains(#""id":"backup""#) && body.contains(#""id":"report""#), "\(body)")
        #expect(try await request(port, "POST", "/api/v1/jobs/backup/pause", token: Self.readToken).0 == 403)
        #expect(try await request(port, "POST", "/api/v1/jobs/backup/pause", token: Self.adminToken).0 == 200)
        let list = try await hourglass.run(["jobs", "list", "--json"])
        let paused = try JSONSerialization.jsonObject(with: Data(list.output.utf8)) as? [[String: Any]]
        #expect(paused?.first { $0["id"] as? String == "backup" }?["paused"] as? Bool == true, "\(list.output)")
        kill(daemon.processIdentifier, SIGTERM)
        try await waitForExit(daemon, "the daemon has stopped")
        #expect(daemon.terminationStatus == 0)
        let log = hourglass.log("daemon.log")
        #expect(!log.contains(Self.readToken) && !log.contains(Self.adminToken))
    }

    @Test("refuses a non-loopback address without a token, a token in the file, and a bad address (exit status 2)")
    func refusals() async throws {
        try writeConfiguration()
        let open = try await hourglass.run(["run", "--http", "0.0.0.0:0"])
        #expect(open.status == 2)
        #expect(open.errorOutput.contains("HOURGLASS_HTTP_ADMIN_TOKEN"), "\(open.errorOutput)")
        let bad = try await hourglass.run(["run", "--http", "localhost"])
        #expect(bad.status == 2)
        #expect(bad.errorOutput.contains("HOST:PORT"), "\(bad.errorOutput)")
        try writeConfiguration("http: {listen: 127.0.0.1:0, token: secret-in-the-file}")
        let inFile = try await hourglass.run(["run"])
        #expect(inFile.status == 2)
        #expect(inFile.errorOutput.contains("tokens do not go in this file"), "\(inFile.errorOutput)")
        #expect(!inFile.errorOutput.contains("secret-in-the-file"))
        try writeConfiguration("http: {listen: 127.0.0.1:99999}")
        let port = try await hourglass.run(["run"])
        #expect(port.status == 2)
        #expect(port.errorOutput.contains("http.listen") && port.errorOutput.contains("0 to 65535"), "\(port.errorOutput)")
    }
}
