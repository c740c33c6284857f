import Foundation

/// Mails each notification through the local `sendmail -t -i`, as cron does with
/// `MAILTO`: the recipients are in the message's `To:` header, the run's output is in
/// its body (``EmailMessage``). Exit status 0 of sendmail means delivered.
public struct EmailNotifier: Notifier {
    /// The recipients and the mailer.
    public struct Configuration: Sendable, Hashable {
        /// The addresses, as `MAILTO` takes them (`ops@example.com`, or a local user like `root`).
        public var recipients: [String]
        /// The `From:` address; nil: the mailer's default (the daemon's user).
        public var sender: String?
        /// The sendmail program. Default: `/usr/sbin/sendmail`.
        public var sendmailPath: String
        /// How long sendmail may take. Default: 30 s.
        public var timeout: Duration

        /// A configuration mailing `recipients`.
        public init(
            recipients: [String], sender: String? = nil, sendmailPath: String = "/usr/sbin/sendmail", timeout: Duration = .seconds(30)
        ) {
            self.recipients = recipients
            self.sender = sender
            self.sendmailPath = sendmailPath
            self.timeout = timeout
        }

        /// The addresses of a `MAILTO`-like list: split at commas and white space, empty ones left out.
        public static func addresses(in list: String) -> [String] {
            list.split { $0 == "," || $0.isWhitespace }.map(String.init)
        }
    }

    /// Its configuration.
    public let configuration: Configuration

    /// An e-mail notifier.
    public init(_ configuration: Configuration) {
        self.configuration = configuration
    }

    /// `email a@example.com, b@example.com`.
    public var name: String { "email \(configuration.recipients.joined(separator: ", "))" }
    /// `email`.
    public var kind: String { "email" }

    /// Mails `notification`; throws when sendmail fails or takes longer than its timeout.
    public func deliver(_ notification: RunNotification) async throws {
        let message = EmailMessage.text(for: notification, to: configuration.recipients, from: configuration.sender)
        let outcome = try await ProcessDelivery.run(
            configuration.sendmailPath, arguments: ["-t", "-i"], environment: [:], input: Array(message.utf8),
            timeout: configuration.timeout)
        guard outcome.succeeded else { throw NotifierError("\(configuration.sendmailPath) ended with \(outcome.description)") }
    }
}
