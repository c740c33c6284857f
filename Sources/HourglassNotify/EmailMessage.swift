import Foundation
import Hourglass

/// The e-mail of a notification, as `sendmail -t` reads it: headers (with the
/// recipients in `To:`), a blank line, then a plain-text body with the run's details
/// and its whole output.
public enum EmailMessage {
    /// The message for `notification` to `recipients`, from `sender` when given.
    public static func text(for notification: RunNotification, to recipients: [String], from sender: String?, date: Date = Date())
        -> String
    {
        var headers: [String] = []
        if let sender { headers.append("From: \(headerValue(sender))") }
        headers.append("To: \(recipients.map(headerValue).joined(separator: ", "))")
        headers.append("Subject: \(encodedWord("[hourglass] " + notification.summary))")
        headers.append("Date: \(rfc2822(date))")
        headers.append("MIME-Version: 1.0")
        headers.append("Content-Type: text/plain; charset=utf-8")
        headers.append("Content-Transfer-Encoding: 8bit")
        headers.append("Auto-Submitted: auto-generated")
        headers.append("X-Hourglass-Event: \(notification.event.rawValue)")
        headers.append("X-Hourglass-Job: \(encodedWord(notification.jobID.rawValue))")
        return headers.joined(separator: "\n") + "\n\n" + body(for: notification)
    }

    /// The body: one line per detail, then the output.
    static func body(for notification: RunNotification) -> String {
        let time = { (date: Date?) in date.map(WebhookPayload.time) ?? "-" }
        var lines = [
            notification.summary, "",
            "Job:        \(notification.jobID.rawValue)",
            "Event:      \(notification.event.rawValue)",
            "Outcome:    \(notification.status.rawValue)" + (notification.exitStatus.map { " (exit status \($0))" } ?? ""),
            "Fire time:  \(time(notification.fireTime))",
            "Started:    \(time(notification.startedAt))",
            "Ended:      \(time(notification.finishedAt))",
            "Attempt:    \(notification.attempt)",
            "Node:       \(notification.node)",
            "Run id:     \(notification.runID.map(String.init) ?? "-")",
        ]
        if notification.suppressed > 0 {
            lines.append("Held back:  \(notification.suppressed) notification(s) of problems since the last one (repeat_after)")
        }
        lines.append("")
        if let output = notification.output, !output.isEmpty {
            lines.append("Output:")
            lines.append(output)
        } else {
            lines.append("No output.")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A header value on one line: line breaks and other control characters become spaces.
    static func headerValue(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
    }

    /// `text` as a header value: as it is when ASCII, else an RFC 2047 encoded word.
    static func encodedWord(_ text: String) -> String {
        let line = headerValue(text)
        guard !line.unicodeScalars.allSatisfy(\.isASCII) else { return line }
        return "=?UTF-8?B?\(Data(line.utf8).base64EncodedString())?="
    }

    /// `Thu, 01 Jan 2026 03:00:00 +0000`.
    static func rfc2822(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}
