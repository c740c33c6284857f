import AsyncHTTPClient
import Crypto
import Foundation
import Hourglass
import HourglassNotify
import HourglassNotifyTestSupport
import Testing

/// The webhook against a local receiver: the payload, the signature, retries, the
/// timeout and the Slack format.
@Suite("Webhook notifier (a local HTTP receiver)", .timeLimit(.minutes(1)))
struct WebhookNotifierTests {
    /// The keys of the documented payload (docs/Notifications.md).
    static let payloadKeys: Set<String> = [
        "version", "event", "job", "store", "run_id", "fire_time", "started_at", "finished_at", "outcome", "attempt",
        "exit_status", "output", "output_truncated", "node", "suppressed", "test",
    ]

    func webhook(_ receiver: WebhookReceiver, _ configure: (inout WebhookNotifier.Configuration) -> Void = { _ in })
        -> WebhookNotifier
    {
        var configuration = WebhookNotifier.Configuration(url: receiver.url + "/hook", retryBackoff: .milliseconds(10))
        configure(&configuration)
        return WebhookNotifier(configuration)
    }

    @Test("POSTs the documented JSON payload with the configured headers and an HMAC-SHA256 signature")
    func payloadAndSignature() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        let notifier = webhook(receiver) {
            $0.secret = "s3cret"
            $0.headers = ["Authorization": "Bearer token-1"]
        }
        try await notifier.deliver(TestNotifications.failure())
        let request = try #require(receiver.requests.first)
        #expect(receiver.requests.count == 1)
        #expect(request.method == "POST" && request.path == "/hook")
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.headers["authorization"] == "Bearer token-1")
        #expect(request.headers["x-hourglass-event"] == "failure")
        let expected = HMAC<SHA256>.authenticationCode(for: request.body, using: SymmetricKey(data: Array("s3cret".utf8)))
        let hex = expected.map { String(format: "%02x", $0) }.joined()
        #expect(request.headers["x-hourglass-signature"] == "sha256=" + hex)

        let json = try #require(request.json)
        #expect(Set(json.keys) == Self.payloadKeys)
        #expect(json["version"] as? Int == 1)
        #expect(json["event"] as? String == "failure")
        #expect(json["job"] as? String == "backup")
        #expect(json["run_id"] as? String == "5832761429")
        #expect(json["fire_time"] as? String == "2026-01-01T03:00:00+00:00")
        #expect(json["started_at"] as? String == "2026-01-01T03:00:00.012+00:00")
        #expect(json["finished_at"] as? String == "2026-01-01T03:00:04.530+00:00")
        #expect(json["outcome"] as? String == "error")
        #expect(json["attempt"] as? Int == 3)
        #expect(json["exit_status"] as? Int == 7)
        #expect(json["output"] as? String == "no space left on device")
        #expect(json["output_truncated"] as? Bool == false)
        #expect(json["node"] as? String == "node-a")
        #expect(json["suppressed"] as? Int == 2)
        #expect(json["test"] as? Bool == false)
    }

    @Test("without a secret there is no signature; the output is cut at 1 KiB; unknown values are null")
    func noSecretAndLongOutput() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        var notification = TestNotifications.failure(output: String(repeating: "é", count: 1000))
        notification.exitStatus = nil
        try await webhook(receiver).deliver(notification)
        let request = try #require(receiver.requests.first)
        #expect(request.headers["x-hourglass-signature"] == nil)
        let json = try #require(request.json)
        #expect(Set(json.keys) == Self.payloadKeys)
        #expect(json["exit_status"] is NSNull)
        let output = try #require(json["output"] as? String)
        #expect(output.utf8.count == 1024 && output.count == 512)
        #expect(json["output_truncated"] as? Bool == true)
    }

    @Test("a 500 is tried again after a pause: 500, 500, then 200 is delivered in three requests")
    func retriesThenSuccess() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        receiver.reply([.status(500), .status(503)])
        try await webhook(receiver).deliver(TestNotifications.failure())
        #expect(receiver.requests.count == 3)
        #expect(Set(receiver.requests.map(\.text)).count == 1, "every attempt sends the same body")
    }

    @Test("after its retries a failing receiver fails the delivery; a 4xx is not tried again")
    func givesUp() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        receiver.reply(Array(repeating: .status(500), count: 5))
        await #expect(throws: NotifierError.self) { try await webhook(receiver) { $0.retries = 2 }.deliver(TestNotifications.failure()) }
        #expect(receiver.requests.count == 3)

        let refusing = try await WebhookReceiver.start()
        defer { Task { await refusing.stop() } }
        refusing.reply([.status(404)])
        let error = await #expect(throws: NotifierError.self) { try await webhook(refusing).deliver(TestNotifications.failure()) }
        #expect(error?.description.contains("HTTP 404") == true)
        #expect(refusing.requests.count == 1)
    }

    @Test("a receiver that does not answer within the timeout fails the delivery, without a retry")
    func timeout() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        // The answer comes long after the timeout; the bound leaves room for a busy machine.
        receiver.reply([.delayed(.seconds(60), status: 200)])
        let started = ContinuousClock.now
        let error = await #expect(throws: NotifierError.self) {
            try await webhook(receiver) { $0.timeout = .milliseconds(300) }.deliver(TestNotifications.failure())
        }
        #expect(ContinuousClock.now - started < .seconds(30))
        #expect(error?.description.contains("no answer within") == true)
        // On a busy machine the request may reach the receiver only after the client has
        // given up, or never: what must not come is a second one. A retry would have been
        // sent before `deliver` returned, so it comes with the first.
        _ = try? await receiver.waitForRequests(1, timeout: .seconds(5))
        #expect(receiver.requests.count <= 1, "not tried again")
    }

    @Test("a connection error is tried again, then reported")
    func connectionRefused() async throws {
        // Nothing listens on port 1 of the loopback address. AsyncHTTPClient tries to connect
        // until the attempt's timeout, then fails with the connection error.
        let notifier = WebhookNotifier(
            .init(url: "http://127.0.0.1:1/hook", timeout: .seconds(1), retries: 1, retryBackoff: .milliseconds(10)))
        let error = await #expect(throws: NotifierError.self) { try await notifier.deliver(TestNotifications.failure()) }
        #expect(error?.description.contains("after 2 attempts") == true, "\(String(describing: error))")
    }

    @Test("format slack: a body with one 'text' in Slack's mrkdwn, the output in a code block, < > & escaped")
    func slack() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        try await webhook(receiver) { $0.format = .slack }.deliver(TestNotifications.failure(output: "disk <full> & more"))
        let json = try #require(receiver.requests.first?.json)
        #expect(Array(json.keys) == ["text"])
        let text = try #require(json["text"] as? String)
        #expect(text.hasPrefix(":x: *backup failed on node-a (exit status 7, attempt 3, 2 more since the last notification)*"))
        #expect(text.contains("```disk &lt;full&gt; &amp; more```"))
        #expect(text.contains("run 5832761429"))
    }

    @Test("the name shows no path or query, which may hold a secret")
    func redactedName() {
        let notifier = WebhookNotifier(.init(url: "https://hooks.slack.com/services/T000/B000/XXXX"))
        #expect(notifier.name == "webhook https://hooks.slack.com/…")
    }
}
