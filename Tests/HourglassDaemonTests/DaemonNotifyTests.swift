import Foundation
import Hourglass
import HourglassNotifyTestSupport
import HourglassTestSupport
import Testing

/// Notifications as operators meet them: the built binary with a failing job and a
/// webhook on a local receiver, a cluster of two daemons, `hourglass notify test`, and
/// mistakes in the file. Real processes on the wall clock.
@Suite("Notifications end to end (the built binary)", .timeLimit(.minutes(3)))
struct DaemonNotifyTests {
    let directory = TemporaryDirectory()
    var hourglass: HourglassBinary { HourglassBinary(directory: directory) }

    func writeConfiguration(_ text: String) throws {
        try text.write(toFile: directory.path("hourglass.yaml"), atomically: true, encoding: .utf8)
    }

    /// A file with a job failing every second, notified to `url` without throttling. The
    /// secret is written out: `hourglass history` reads the file too, and a `${NAME}` there
    /// would need the variable in its environment as well.
    func writeFailingJob(webhook url: String) throws {
        try writeConfiguration(
            """
            notify:
              repeat_after: 0
              channels:
                - webhook: \(url)/hook
                  secret: s3cret
                  retries: 0
            jobs:
              - id: fails
                interval: 1s
                command: [sh, -c, "echo boom; exit 3"]
              - id: works
                interval: 1s
                command: ["true"]
            """)
    }

    /// Checks that each failed run of `fails` in the history was notified exactly once, by
    /// the node that ran it, and that nothing else was; returns the nodes that sent.
    func expectOneNotificationPerFailedRun(_ receiver: WebhookReceiver) async throws -> Set<String> {
        let history = try await hourglass.history("fails")
        let failed = history.filter { $0.status == .error }
        let payloads = receiver.requests.compactMap(\.json)
        let notified = payloads.compactMap { $0["run_id"] as? String }
        #expect(!failed.isEmpty)
        #expect(notified.count == Set(notified).count, "a run was notified twice: \(notified.sorted())")
        #expect(Set(notified) == Set(failed.map { String($0.id) }), "notified \(notified.sorted()), failed \(failed.map(\.id))")
        let owners = Dictionary(uniqueKeysWithValues: failed.map { (String($0.id), $0.owner) })
        for payload in payloads {
            let id = payload["run_id"] as? String ?? ""
            #expect(payload["job"] as? String == "fails" && payload["event"] as? String == "failure")
            #expect(payload["exit_status"] as? Int == 3 && payload["output"] as? String == "boom")
            #expect(payload["node"] as? String == owners[id], "notified by another node than the one that ran it")
        }
        return Set(payloads.compactMap { $0["node"] as? String })
    }

    @Test("a failing job and a webhook: exactly one signed notification per failed run, none for successes")
    func oneNotificationPerFailure() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        try writeFailingJob(webhook: receiver.url)
        let daemon = try await hourglass.startDaemon(["--node-id", "solo"], log: "daemon.log")
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        _ = try await receiver.waitForRequests(3)
        try await hourglass.stop(daemon, log: "daemon.log")
        #expect(try await expectOneNotificationPerFailedRun(receiver) == ["solo"])
        #expect(receiver.requests.allSatisfy { $0.headers["x-hourglass-signature"]?.hasPrefix("sha256=") == true })
    }

    @Test("two daemons on one SQLite file: each failed run is notified once, by the node that ran it")
    func cluster() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        try writeFailingJob(webhook: receiver.url)
        let first = try await hourglass.startDaemon(["--node-id", "node-a"], log: "a.log")
        defer { if first.isRunning { kill(first.processIdentifier, SIGKILL) } }
        let second = try await hourglass.startDaemon(["--node-id", "node-b"], log: "b.log")
        defer { if second.isRunning { kill(second.processIdentifier, SIGKILL) } }
        _ = try await receiver.waitForRequests(6)
        try await hourglass.stop(first, log: "a.log")
        try await hourglass.stop(second, log: "b.log")
        let nodes = try await expectOneNotificationPerFailedRun(receiver)
        #expect(nodes.isSubset(of: ["node-a", "node-b"]))
    }

    @Test("SIGHUP replaces the notifiers: after a reload, failures go to the new webhook only")
    func reload() async throws {
        let first = try await WebhookReceiver.start()
        defer { Task { await first.stop() } }
        let second = try await WebhookReceiver.start()
        defer { Task { await second.stop() } }
        try writeFailingJob(webhook: first.url)
        let daemon = try await hourglass.startDaemon(log: "daemon.log")
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        _ = try await first.waitForRequests(1)
        try writeFailingJob(webhook: second.url)
        kill(daemon.processIdentifier, SIGHUP)
        try await waitUntil("the daemon has reloaded") { hourglass.log("daemon.log").contains("configuration reloaded") }
        let before = first.requests.count
        _ = try await second.waitForRequests(2)
        try await hourglass.stop(daemon, log: "daemon.log")
        #expect(first.requests.count <= before + 1, "the old webhook still got notifications after the reload")
        let notified = (first.requests + second.requests).compactMap { $0.json?["run_id"] as? String }
        #expect(notified.count == Set(notified).count, "a run was notified by both webhooks")
    }

    @Test("notify test: each channel's result; exit 0 when all take it, 1 when one fails")
    func notifyTest() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        let sendmail = try directory.writeScript("sendmail", "cat > '\(directory.path("mail.txt"))'")
        try writeConfiguration(
            """
            notify:
              channels:
                - webhook: \(receiver.url)/hook
                - email: ops@example.com
                  sendmail: \(sendmail)
            jobs:
              - id: backup
                cron: "0 3 * * *"
                command: ["true"]
                notify:
                  channels:
                    - ping: \(receiver.url)/ping/abc
            """)
        let all = try await hourglass.run(["notify", "test"])
        #expect(all.status == 0, "\(all.output)\(all.errorOutput)")
        #expect(all.output.contains("ok      webhook http://127.0.0.1:\(receiver.port)/…"), "\(all.output)")
        #expect(all.output.contains("ok      email ops@example.com"), "\(all.output)")
        #expect(all.output.contains("3 of 3 channels took the test notification"), "\(all.output)")
        let hook = try #require(receiver.requests.first { $0.path == "/hook" }?.json)
        #expect(hook["event"] as? String == "test" && hook["test"] as? Bool == true && hook["job"] as? String == "hourglass-test")
        #expect(receiver.requests.contains { $0.path == "/ping/abc/log" })
        #expect(((try? String(contentsOfFile: directory.path("mail.txt"), encoding: .utf8)) ?? "").contains("To: ops@example.com"))

        receiver.reply([.status(500), .status(500), .status(500), .status(500)])
        let failing = try await hourglass.run(["notify", "test", "--job", "backup"])
        #expect(failing.status == 1, "\(failing.output)\(failing.errorOutput)")
        #expect(failing.output.contains("failed  webhook http://127.0.0.1:\(receiver.port)/…: HTTP 500"), "\(failing.output)")

        let unknown = try await hourglass.run(["notify", "test", "--job", "nope"])
        #expect(unknown.status == 2 && unknown.errorOutput.contains("job 'nope'"), "\(unknown.errorOutput)")
    }

    @Test("a mistake in notify stops check, run and notify test with exit status 2 and a precise message")
    func badConfiguration() async throws {
        try writeConfiguration(
            """
            jobs:
              - id: backup
                cron: "0 3 * * *"
                command: ["true"]
                notify:
                  events: [failure, exploded]
            """)
        let file = directory.path("hourglass.yaml")
        for arguments in [["check"], ["run"], ["notify", "test"]] {
            let result = try await hourglass.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.errorOutput)")
            #expect(
                result.errorOutput.contains(
                    "\(file):6: job 'backup', field 'notify.events': 'exploded' is not an event; use failure, timeout, missed"),
                "\(arguments): \(result.errorOutput)")
        }
        try writeConfiguration(
            """
            notify: {channels: [{webhook: "https://hooks.example.com/x", secret: "${MISSING_SECRET}"}]}
            jobs: [{id: a, interval: 1m, shell: "true"}]
            """)
        let missing = try await hourglass.run(["check"])
        #expect(missing.status == 2)
        #expect(missing.errorOutput.contains("field 'notify.channels[0].secret': the environment variable 'MISSING_SECRET' is not set"),
            "\(missing.errorOutput)")
    }
}
