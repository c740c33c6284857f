import Foundation
import Hourglass
import HourglassNotify
import HourglassNotifyTestSupport
import Testing

@Suite("Ping notifier: the healthchecks.io convention (a local HTTP receiver)", .timeLimit(.minutes(1)))
struct PingNotifierTests {
    @Test("GET URL/start at a start, URL on success or recovery, URL/fail on a problem, URL/log for a test")
    func paths() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        let ping = PingNotifier(.init(url: receiver.url + "/ping/abc-123", retryBackoff: .milliseconds(10)))
        var notification = TestNotifications.failure()
        for event: NotificationEvent in [.started, .success, .recovered, .failure, .timeout, .missed, .abandoned, .test] {
            notification.event = event
            try await ping.deliver(notification)
        }
        let requests = receiver.requests
        #expect(requests.allSatisfy { $0.method == "GET" })
        #expect(
            requests.map(\.path) == [
                "/ping/abc-123/start", "/ping/abc-123", "/ping/abc-123", "/ping/abc-123/fail", "/ping/abc-123/fail",
                "/ping/abc-123/fail", "/ping/abc-123/fail", "/ping/abc-123/log",
            ])
        #expect(ping.name == "ping http://127.0.0.1:\(receiver.port)/…")
    }

    @Test("a ping answered 500 is sent again")
    func retries() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        receiver.reply([.status(500)])
        try await PingNotifier(.init(url: receiver.url + "/p/", retryBackoff: .milliseconds(10))).deliver(TestNotifications.failure())
        #expect(receiver.requests.map(\.path) == ["/p/fail", "/p/fail"])
    }
}
