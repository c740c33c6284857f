import AsyncHTTPClient

/// A configured channel: what a configuration file's `notify.channels` entry describes.
/// It makes its ``Notifier`` on demand.
public enum NotificationChannel: Sendable, Hashable {
    /// A webhook POST.
    case webhook(WebhookNotifier.Configuration)
    /// An e-mail through sendmail.
    case email(EmailNotifier.Configuration)
    /// A program run.
    case command(CommandNotifier.Configuration)
    /// Dead man's switch pings.
    case ping(PingNotifier.Configuration)

    /// The notifier for this channel; HTTP goes through `client`, which the caller shuts down.
    public func makeNotifier(client: HTTPClient) -> any Notifier {
        switch self {
        case .webhook(let configuration): WebhookNotifier(configuration, client: client)
        case .email(let configuration): EmailNotifier(configuration)
        case .command(let configuration): CommandNotifier(configuration)
        case .ping(let configuration): PingNotifier(configuration, client: client)
        }
    }

    /// Whether it is a ping, which takes every start and end of its jobs, unthrottled.
    public var isPing: Bool {
        if case .ping = self { return true }
        return false
    }
}
