import Foundation
import Hourglass
import HourglassNotify
import Yams

/// Reads one entry of `notify.channels`: a webhook, e-mail, command or ping, checked so
/// that nothing is found wrong only when a notification is due.
struct ChannelReader {
    let reader: ConfigurationReader
    let mapping: Node.Mapping
    /// The entry's field, such as `notify.channels[0]`.
    let field: String
    let job: String?

    func webhook() throws(ConfigurationError) -> WebhookNotifier.Configuration {
        var configuration = WebhookNotifier.Configuration(url: try url("webhook"))
        if let node = mapping["format"], let text = try reader.string(node, field: "\(field).format", job: job) {
            guard let format = WebhookNotifier.Format(rawValue: text) else {
                throw reader.error(node, job: job, field: "\(field).format", "\(ConfigurationReader.quoted(text)) is not json or slack")
            }
            configuration.format = format
        }
        configuration.headers = try headers()
        if let node = mapping["secret"] {
            let secret = try reader.string(node, field: "\(field).secret", job: job) ?? ""
            guard !secret.isEmpty else {
                throw reader.error(node, job: job, field: "\(field).secret", "is empty; give the signing key, e.g. ${HOURGLASS_WEBHOOK_SECRET}")
            }
            configuration.secret = secret
        }
        configuration.timeout = try reader.duration(mapping["timeout"], field: "\(field).timeout", job: job) ?? configuration.timeout
        configuration.retries = try retries() ?? configuration.retries
        return configuration
    }

    func ping() throws(ConfigurationError) -> PingNotifier.Configuration {
        var configuration = PingNotifier.Configuration(url: try url("ping"))
        configuration.timeout = try reader.duration(mapping["timeout"], field: "\(field).timeout", job: job) ?? configuration.timeout
        configuration.retries = try retries() ?? configuration.retries
        return configuration
    }

    func email() throws(ConfigurationError) -> EmailNotifier.Configuration {
        let node = mapping["email"]
        let entries = try reader.strings(node, field: "\(field).email", job: job) ?? []
        let addresses = entries.flatMap(EmailNotifier.Configuration.addresses(in:))
        guard !addresses.isEmpty else {
            throw reader.error(node, job: job, field: "\(field).email", "is empty; give one or more addresses, e.g. ops@example.com")
        }
        for address in addresses where address.contains(where: { $0.isNewline || $0.asciiValue.map { $0 < 32 } == true || $0 == "\"" }) {
            throw reader.error(node, job: job, field: "\(field).email", "\(ConfigurationReader.quoted(address)) is not an e-mail address")
        }
        var configuration = EmailNotifier.Configuration(recipients: addresses)
        if let fromNode = mapping["from"] {
            let sender = try reader.string(fromNode, field: "\(field).from", job: job) ?? ""
            guard !sender.isEmpty, !sender.contains(where: \.isNewline) else {
                throw reader.error(fromNode, job: job, field: "\(field).from", "must be one address on one line")
            }
            configuration.sender = sender
        }
        if let pathNode = mapping["sendmail"] {
            let path = try reader.string(pathNode, field: "\(field).sendmail", job: job) ?? ""
            guard !path.isEmpty, !path.contains("\0") else {
                throw reader.error(pathNode, job: job, field: "\(field).sendmail", "is empty; give the sendmail program, e.g. /usr/sbin/sendmail")
            }
            configuration.sendmailPath = path
        }
        configuration.timeout = try reader.duration(mapping["timeout"], field: "\(field).timeout", job: job) ?? configuration.timeout
        return configuration
    }

    func command(shell: Bool) throws(ConfigurationError) -> CommandNotifier.Configuration {
        let environment = try reader.dictionary(mapping["environment"], field: "\(field).environment", job: job) ?? [:]
        let timeout = try reader.duration(mapping["timeout"], field: "\(field).timeout", job: job) ?? .seconds(30)
        if shell {
            let line = try reader.string(mapping["shell"], field: "\(field).shell", job: job) ?? ""
            guard !line.allSatisfy(\.isWhitespace), !line.contains("\0") else {
                throw reader.error(mapping["shell"], job: job, field: "\(field).shell", "is empty; give a command line for /bin/sh")
            }
            return CommandNotifier.Configuration(shell: line, environment: environment, timeout: timeout)
        }
        let arguments = try reader.strings(mapping["command"], field: "\(field).command", job: job) ?? []
        guard let program = arguments.first, !program.isEmpty, !arguments.contains(where: { $0.contains("\0") }) else {
            throw reader.error(mapping["command"], job: job, field: "\(field).command", "is empty; give a list: program, then its arguments")
        }
        return CommandNotifier.Configuration(arguments: arguments, environment: environment, timeout: timeout)
    }

    /// The `http` or `https` URL under `key`.
    private func url(_ key: String) throws(ConfigurationError) -> String {
        let node = mapping[key]
        let text = try reader.string(node, field: "\(field).\(key)", job: job) ?? ""
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else {
            throw reader.error(
                node, job: job, field: "\(field).\(key)",
                "\(ConfigurationReader.quoted(text)) is not an http or https URL, like https://hooks.example.com/hourglass")
        }
        return text
    }

    /// `headers`: names as HTTP allows, values on one line.
    private func headers() throws(ConfigurationError) -> [String: String] {
        guard let node = mapping["headers"] else { return [:] }
        let headers = try reader.dictionary(node, field: "\(field).headers", job: job) ?? [:]
        let token = CharacterSet(charactersIn: "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        for (name, value) in headers {
            guard !name.isEmpty, name.unicodeScalars.allSatisfy(token.contains) else {
                throw reader.error(node, job: job, field: "\(field).headers", "\(ConfigurationReader.quoted(name)) is not a header name")
            }
            if value.contains(where: { $0.isNewline || $0 == "\0" }) {
                throw reader.error(node, job: job, field: "\(field).headers.\(name)", "must be on one line")
            }
        }
        return headers
    }

    private func retries() throws(ConfigurationError) -> Int? {
        guard let value = try reader.int(mapping["retries"], field: "\(field).retries", job: job) else { return nil }
        guard (0...10).contains(value) else {
            throw reader.error(mapping["retries"], job: job, field: "\(field).retries", "must be from 0 to 10")
        }
        return value
    }
}
