import AsyncHTTPClient
import Crypto
import Foundation
import NIOHTTP1

/// POSTs each notification to a URL: the JSON of ``WebhookPayload``, or a Slack message
/// (``SlackMessage``). With a secret, `X-Hourglass-Signature: sha256=HEX` carries the
/// HMAC-SHA256 of the body under it, so the receiver can check the sender.
public struct WebhookNotifier: Notifier {
    /// The body's format.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        /// ``WebhookPayload``.
        case json
        /// ``SlackMessage``: what Slack's incoming webhooks accept.
        case slack
    }

    /// Where and how to POST.
    public struct Configuration: Sendable, Hashable {
        /// The `http` or `https` URL.
        public var url: String
        /// The body's format. Default: json.
        public var format: Format
        /// Headers to send besides `Content-Type`, `User-Agent` and the signature (an `Authorization`, say).
        public var headers: [String: String]
        /// The key of the HMAC-SHA256 signature; nil: no signature header.
        public var secret: String?
        /// How long one attempt may take. Default: 10 s.
        public var timeout: Duration
        /// How many more attempts after a 5xx answer or a connection error. Default: 3.
        public var retries: Int
        /// The pause before the first retry, doubling for each next one. Default: 1 s.
        public var retryBackoff: Duration
        /// The most bytes of output sent. Default: 1024.
        public var outputLimit: Int

        /// A configuration for `url`.
        public init(
            url: String, format: Format = .json, headers: [String: String] = [:], secret: String? = nil,
            timeout: Duration = .seconds(10), retries: Int = 3, retryBackoff: Duration = .seconds(1), outputLimit: Int = 1024
        ) {
            self.url = url
            self.format = format
            self.headers = headers
            self.secret = secret
            self.timeout = timeout
            self.retries = retries
            self.retryBackoff = retryBackoff
            self.outputLimit = outputLimit
        }
    }

    /// The header that carries the signature.
    public static let signatureHeader = "X-Hourglass-Signature"

    /// Its configuration.
    public let configuration: Configuration
    private let delivery: HTTPDelivery

    /// A webhook sending through `client` (which its owner shuts down; default: the shared one).
    public init(_ configuration: Configuration, client: HTTPClient = .shared) {
        self.configuration = configuration
        delivery = HTTPDelivery(
            client: client, timeout: configuration.timeout, retries: configuration.retries, backoff: configuration.retryBackoff)
    }

    /// `webhook https://host/…` (the path may hold a secret, as Slack's do).
    public var name: String { "webhook \(RedactedURL.text(configuration.url))" }
    /// `webhook`.
    public var kind: String { "webhook" }

    /// The body for `notification`, in the configured format.
    public func body(for notification: RunNotification) throws -> [UInt8] {
        switch configuration.format {
        case .json: try WebhookPayload(notification, outputLimit: configuration.outputLimit).json()
        case .slack: try SlackMessage(notification, outputLimit: configuration.outputLimit).json()
        }
    }

    /// `sha256=` and the hex HMAC-SHA256 of `body` under `secret`.
    public static func signature(of body: [UInt8], secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(secret.utf8)))
        return "sha256=" + code.map { String(format: "%02x", $0) }.joined()
    }

    /// POSTs `notification`, signed when a secret is set; throws after the retries fail.
    public func deliver(_ notification: RunNotification) async throws {
        let body = try body(for: notification)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "User-Agent", value: "hourglass")
        headers.add(name: "X-Hourglass-Event", value: notification.event.rawValue)
        for (name, value) in configuration.headers.sorted(by: { $0.key < $1.key }) { headers.replaceOrAdd(name: name, value: value) }
        if let secret = configuration.secret {
            headers.replaceOrAdd(name: Self.signatureHeader, value: Self.signature(of: body, secret: secret))
        }
        try await delivery.send {
            var request = HTTPClientRequest(url: configuration.url)
            request.method = .POST
            request.headers = headers
            request.body = .bytes(body)
            return request
        }
    }
}

/// A URL shown without what may be secret: scheme, host and port, and `/…` for a path.
enum RedactedURL {
    static func text(_ url: String) -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host else {
            return "(a URL)"
        }
        let port = components.port.map { ":\($0)" } ?? ""
        let rest = components.path.isEmpty || components.path == "/" ? "" : "/…"
        return "\(scheme)://\(host)\(port)\(rest)"
    }
}
