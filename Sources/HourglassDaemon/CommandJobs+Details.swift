import Hourglass
import HourglassNotify

extension CommandJobs {
    /// A command job's exit status and output, read back from its run's record: a success
    /// keeps the output as its message (exit status 0); a failure keeps
    /// ``CommandFailure/description``, `exit status 3: <output>` (or `killed by signal 9: ...`,
    /// kept whole). Any other message is the output, with no exit status.
    public static let details: RunDetails.Reader = { record in
        guard let message = record.message else { return RunDetails(exitStatus: record.status == .success ? 0 : nil) }
        if record.status == .success { return RunDetails(exitStatus: 0, output: message) }
        let prefix = "exit status "
        guard record.status == .error, message.hasPrefix(prefix) else { return RunDetails(output: message) }
        let rest = message.dropFirst(prefix.count)
        let digits = rest.prefix { $0.isNumber || $0 == "-" }
        guard let status = Int(digits) else { return RunDetails(output: message) }
        let after = rest.dropFirst(digits.count)
        if after.isEmpty { return RunDetails(exitStatus: status) }
        guard after.hasPrefix(": ") else { return RunDetails(output: message) }
        return RunDetails(exitStatus: status, output: String(after.dropFirst(2)))
    }
}
