import AsyncHTTPClient
import Foundation

/// A dead man's switch in the healthchecks.io convention: `GET URL/start` when a run
/// starts, `GET URL` when it succeeds, `GET URL/fail` when it fails, times out, is missed
/// or abandoned. The service behind the URL raises the alarm when the pings stop coming.
/// A test notification sends `GET URL/log`, which healthchecks.io records without
/// changing the check's state.
///
/// Attach it with every event of the job (``PingNotifier/events``) and no throttling: the
/// service expects a ping for each run.
public struct PingNotifier: Notifier {
    /// The URL and the request's limits.
    public struct Configuration: Sendable, Hashable {
        /// The check's `http` or `https` URL (without `/start` or `/fail`).
        public var url: String
        /// How long one attempt may take. Default: 10 s.
        public var timeout: Duration
        /// How many more attempts after a 5xx answer or a connection error. Default: 3.
        public var retries: Int
        /// The pause before the first retry, doubling for each next one. Default: 1 s.
        public var retryBackoff: Duration

        /// A configuration for `url`.
        public init(url: String, timeout: Duration = .seconds(10), retries: Int = 3, retryBackoff: Duration = .seconds(1)) {
            self.url = url
            self.timeout = timeout
            self.retries = retries
            self.retryBackoff = retryBackoff
        }
    }

    /// The events a ping needs: every start and every end.
    public static let events: Set<NotificationEvent> = [.started, .success, .recovered, .failure, .timeout, .missed, .abandoned]

    /// Its configuration.
    public let configuration: Configuration
    private let delivery: HTTPDelivery

    /// A ping sending through `client` (which its owner shuts down; default: the shared one).
    public init(_ configuration: Configuration, client: HTTPClient = .shared) {
        self.configuration = configuration
        delivery = HTTPDelivery(
            client: client, timeout: configuration.timeout, retries: configuration.retries, backoff: configuration.retryBackoff)
    }

    /// `ping https://host/…`.
    public var name: String { "ping \(RedactedURL.text(configuration.url))" }
    /// `ping`.
    public var kind: String { "ping" }

    /// The URL pinged for `event`.
    public func url(for event: NotificationEvent) -> String {
        let base = configuration.url.hasSuffix("/") ? String(configuration.url.dropLast()) : configuration.url
        switch event {
        case .started: return base + "/start"
        case .success, .recovered: return base
        case .failure, .timeout, .missed, .abandoned: return base + "/fail"
        case .test: return base + "/log"
        }
    }

    /// GETs the URL for `notification`'s event; throws after the retries fail.
    public func deliver(_ notification: RunNotification) async throws {
        let url = url(for: notification.event)
        try await delivery.send {
            var request = HTTPClientRequest(url: url)
            request.method = .GET
            request.headers.add(name: "User-Agent", value: "hourglass")
            return request
        }
    }
}
