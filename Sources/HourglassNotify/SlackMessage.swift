import Foundation
import Hourglass

/// The body of a webhook notification in `format: slack`: what Slack's incoming webhooks
/// (and Mattermost's, and others that copy them) accept, `{"text": "..."}` in Slack's
/// mrkdwn, with the output's start in a code block.
public struct SlackMessage: Sendable, Hashable, Codable {
    /// The message, in Slack's mrkdwn (`&`, `<` and `>` escaped).
    public var text: String

    /// The message for `notification`, with at most `outputLimit` bytes of its output.
    public init(_ notification: RunNotification, outputLimit: Int = 1024) {
        let icon: String
        switch notification.event {
        case .failure, .timeout, .abandoned: icon = ":x:"
        case .missed: icon = ":warning:"
        case .recovered, .success: icon = ":white_check_mark:"
        case .started: icon = ":arrow_forward:"
        case .test: icon = ":bell:"
        }
        var lines = ["\(icon) *\(Self.escaped(notification.summary))*"]
        var facts = ["fire time \(WebhookPayload.time(notification.fireTime))"]
        if let runID = notification.runID { facts.append("run \(runID)") }
        if let start = notification.startedAt, let end = notification.finishedAt {
            facts.append(String(format: "took %.1f s", end.timeIntervalSince(start)))
        }
        lines.append(Self.escaped(facts.joined(separator: " · ")))
        let (output, truncated) = notification.output(upTo: outputLimit)
        if let output, !output.isEmpty {
            // A code block cannot hold ``` itself.
            let safe = output.replacingOccurrences(of: "```", with: "'''")
            lines.append("```" + Self.escaped(safe) + (truncated ? "\n[output cut]" : "") + "```")
        }
        text = lines.joined(separator: "\n")
    }

    /// The JSON bytes.
    public func json() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self))
    }

    /// `text` with Slack's control characters escaped: `&`, `<`, `>`.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
