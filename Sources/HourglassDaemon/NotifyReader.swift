import Foundation
import Hourglass
import HourglassNotify
import Yams

/// Reads the `notify` sections of a configuration file (``NotifySettings``): every
/// mistake is a ``ConfigurationError`` with its line, job and field (`notify.channels[0].webhook`).
struct NotifyReader {
    let reader: ConfigurationReader

    static let topFields = ["events", "repeat_after", "channels"]
    static let jobFields = ["inherit", "events", "channels"]
    /// The fields of each kind of channel; the kind's own key holds its target.
    static let channelFields: [String: [String]] = [
        "webhook": ["webhook", "format", "headers", "secret", "timeout", "retries"],
        "email": ["email", "from", "sendmail", "timeout"],
        "command": ["command", "environment", "timeout"],
        "shell": ["shell", "environment", "timeout"],
        "ping": ["ping", "timeout", "retries"],
    ]
    static let kinds = ["webhook", "email", "command", "shell", "ping"]

    /// An example value of each kind whose value is one text, for messages.
    static let example = [
        "webhook": "https://hooks.example.com/hourglass", "email": "ops@example.com", "shell": "\"notify-send failed\"",
        "ping": "https://hc-ping.com/UUID",
    ]

    /// The top-level `notify`, into `settings`.
    func readTop(_ node: Node, into settings: inout NotifySettings) throws(ConfigurationError) {
        guard let mapping = node.mapping else {
            throw reader.error(node, field: "notify", "must be a mapping: events, repeat_after, channels")
        }
        try checkKeys(mapping, allowed: Self.topFields, field: "notify", of: "notify", job: nil)
        settings.defaults.events = try events(mapping["events"], job: nil) ?? NotificationEvent.defaults
        settings.defaults.channels = try channels(mapping["channels"], job: nil)
        if let repeatNode = mapping["repeat_after"], let text = try reader.string(repeatNode, field: "notify.repeat_after", job: nil) {
            settings.repeatAfter =
                ["0", "off", "never"].contains(text.lowercased())
                ? nil : try reader.duration(repeatNode, field: "notify.repeat_after", job: nil)
        }
    }

    /// A job's `notify`.
    func readJob(_ node: Node, job: String) throws(ConfigurationError) -> JobNotify {
        guard let mapping = node.mapping else {
            throw reader.error(node, job: job, field: "notify", "must be a mapping: inherit, events, channels")
        }
        try checkKeys(mapping, allowed: Self.jobFields, field: "notify", of: "a job's notify", job: job)
        var settings = JobNotify()
        settings.inherit = try reader.bool(mapping["inherit"], field: "notify.inherit", job: job) ?? true
        settings.events = try events(mapping["events"], job: job)
        settings.channels = try channels(mapping["channels"], job: job)
        return settings
    }

    private func events(_ node: Node?, job: String?) throws(ConfigurationError) -> Set<NotificationEvent>? {
        guard let node else { return nil }
        let names = NotificationEvent.configurable.map(\.rawValue)
        let items: [Node] = node.sequence.map(Array.init) ?? [node]
        var events: Set<NotificationEvent> = []
        for item in items {
            guard let name = try reader.string(item, field: "notify.events", job: job) else { continue }
            guard let event = NotificationEvent(rawValue: name), NotificationEvent.configurable.contains(event) else {
                throw reader.error(
                    item, job: job, field: "notify.events",
                    "\(ConfigurationReader.quoted(name)) is not an event; use \(names.joined(separator: ", "))")
            }
            events.insert(event)
        }
        return events
    }

    private func channels(_ node: Node?, job: String?) throws(ConfigurationError) -> [NotificationChannel] {
        guard let node else { return [] }
        guard let list = node.sequence else {
            throw reader.error(node, job: job, field: "notify.channels", "must be a list, e.g. - webhook: https://example.com/hook")
        }
        var channels: [NotificationChannel] = []
        for (index, item) in list.enumerated() {
            channels.append(try channel(item, field: "notify.channels[\(index)]", job: job))
        }
        return channels
    }

    private func channel(_ node: Node, field: String, job: String?) throws(ConfigurationError) -> NotificationChannel {
        guard let mapping = node.mapping else {
            throw reader.error(node, job: job, field: field, "must be a mapping with one of \(Self.kinds.joined(separator: ", "))")
        }
        let given = Self.kinds.filter { mapping[$0] != nil }
        guard given.count == 1, let kind = given.first else {
            throw reader.error(
                node, job: job, field: given.isEmpty ? field : "\(field).\(given.joined(separator: ", "))",
                "give exactly one of \(Self.kinds.joined(separator: ", "))")
        }
        if let value = mapping[kind], value.scalar == nil, kind != "command" {
            // `webhook: {url: ...}` and the like: the options go beside the kind, not under it.
            throw reader.error(
                value, job: job, field: "\(field).\(kind)",
                "give the \(kind == "email" ? "addresses" : kind == "shell" ? "command line" : "URL") as its value, with the options beside it, e.g. - \(kind): \(Self.example[kind] ?? "...")")
        }
        try checkKeys(mapping, allowed: Self.channelFields[kind] ?? [], field: field, of: kind == "email" ? "an email channel" : "a \(kind) channel", job: job)
        let channel = ChannelReader(reader: reader, mapping: mapping, field: field, job: job)
        switch kind {
        case "webhook": return .webhook(try channel.webhook())
        case "email": return .email(try channel.email())
        case "ping": return .ping(try channel.ping())
        default: return .command(try channel.command(shell: kind == "shell"))
        }
    }

    /// Refuses keys outside `allowed`, naming the field in full (`notify.channels[0].sekret`).
    private func checkKeys(
        _ mapping: Node.Mapping, allowed: [String], field: String, of what: String, job: String?
    ) throws(ConfigurationError) {
        for key in mapping.keys {
            guard let name = key.string, allowed.contains(name) else {
                throw reader.error(
                    key, job: job, field: "\(field).\(key.string ?? "")",
                    "is not a known field of \(what); use one of \(allowed.joined(separator: ", "))")
            }
        }
    }
}
