import Foundation
import Hourglass
import HourglassNotify

/// `MAILTO` in crontab files, mapped to the e-mail notification of the notify feature.
///
/// A crontab job whose `MAILTO` names addresses gets an e-mail channel of its own to them,
/// with the notify feature's events (failures, by default), through the sendmail of the
/// file's top-level e-mail channel, else `/usr/sbin/sendmail`. Without a sendmail to run,
/// the addresses are reported as not delivered (the daemon logs a warning at each start
/// and reload). `MAILTO=""` sends nothing, as in cron.
enum CrontabMail {
    /// The sendmail program used when the file's notify section names none.
    static let defaultSendmail = "/usr/sbin/sendmail"

    /// Adds an e-mail channel to `notify` for each job in `jobs` with a `MAILTO`; returns
    /// a warning for each job whose mail cannot be delivered.
    static func apply(
        to jobs: [Job], notify: inout NotifySettings, sendmailExists: (String) -> Bool = FileManager.default.isExecutableFile
    ) -> [String] {
        let template = notify.allChannels.lazy.compactMap { channel -> EmailNotifier.Configuration? in
            if case .email(let configuration) = channel { return configuration }
            return nil
        }.first
        let sendmail = template?.sendmailPath ?? defaultSendmail
        var warnings: [String] = []
        for job in jobs {
            guard case .handler(_, let arguments) = job.target, let spec = try? arguments?.decode(CommandSpec.self),
                let mailto = spec.environment["MAILTO"]
            else { continue }
            let recipients = EmailNotifier.Configuration.addresses(in: mailto)
            if recipients.isEmpty { continue }
            guard sendmailExists(sendmail) else {
                warnings.append(
                    "MAILTO of job \(job.id.rawValue) (\(job.name ?? "")) is not delivered: there is no \(sendmail); "
                        + "install one, or set notify with an email channel and its sendmail (docs/Notifications.md)")
                continue
            }
            var own = notify.jobs[job.id] ?? JobNotify()
            var configuration = EmailNotifier.Configuration(recipients: recipients, sendmailPath: sendmail)
            configuration.sender = template?.sender
            if let timeout = template?.timeout { configuration.timeout = timeout }
            own.channels.append(.email(configuration))
            notify.jobs[job.id] = own
        }
        return warnings
    }
}
