import Foundation
import Hourglass
import HourglassNotify
import HourglassTestSupport
import Testing

/// The e-mail notifier against a stand-in `sendmail` script, and the command notifier.
@Suite("E-mail and command notifiers (stand-in programs)", .timeLimit(.minutes(1)))
struct ProcessNotifierTests {
    let directory = TemporaryDirectory()

    func read(_ name: String) -> String {
        (try? String(contentsOfFile: directory.path(name), encoding: .utf8)) ?? ""
    }

    @Test("sendmail -t -i gets a message with To, Subject, the run's details and its whole output")
    func email() async throws {
        let sendmail = try directory.writeScript("sendmail", "printf '%s\\n' \"$@\" > '\(directory.path("args.txt"))'; cat > '\(directory.path("mail.txt"))'")
        let notifier = EmailNotifier(
            .init(
                recipients: EmailNotifier.Configuration.addresses(in: "ops@example.com, oncall@example.com root"),
                sender: "hourglass@example.com", sendmailPath: sendmail))
        let output = (1...300).map { "line \($0)" }.joined(separator: "\n")
        try await notifier.deliver(TestNotifications.failure(output: output))
        #expect(read("args.txt") == "-t\n-i\n")
        let mail = read("mail.txt")
        let parts = mail.components(separatedBy: "\n\n")
        let headers = parts[0].split(separator: "\n").map(String.init)
        #expect(headers.contains("To: ops@example.com, oncall@example.com, root"))
        #expect(headers.contains("From: hourglass@example.com"))
        #expect(headers.contains("Subject: [hourglass] backup failed on node-a (exit status 7, attempt 3, 2 more since the last notification)"))
        #expect(headers.contains("Content-Type: text/plain; charset=utf-8"))
        #expect(headers.contains("X-Hourglass-Event: failure"))
        #expect(mail.contains("Outcome:    error (exit status 7)"))
        #expect(mail.contains("Node:       node-a"))
        #expect(mail.contains("Output:\n" + output + "\n"), "the whole output is in the body")
    }

    @Test("a subject with a line break cannot add a header; a non-ASCII job id is an encoded word")
    func headerSafety() async throws {
        let sendmail = try directory.writeScript("sendmail", "cat > '\(directory.path("mail.txt"))'")
        var notification = TestNotifications.failure()
        notification.jobID = "sauvegarde\nBcc: evil@example.com"
        try await EmailNotifier(.init(recipients: ["ops@example.com"], sendmailPath: sendmail)).deliver(notification)
        let headers = read("mail.txt").components(separatedBy: "\n\n")[0]
        #expect(!headers.contains("\nBcc:"))
        notification.jobID = "sauvegarde-été"
        try await EmailNotifier(.init(recipients: ["ops@example.com"], sendmailPath: sendmail)).deliver(notification)
        #expect(read("mail.txt").contains("Subject: =?UTF-8?B?"))
    }

    @Test("a sendmail that fails fails the delivery, with what it wrote")
    func emailFails() async throws {
        let sendmail = try directory.writeScript("sendmail", "cat > /dev/null; echo 'no route to relay' >&2; exit 75")
        let error = await #expect(throws: NotifierError.self) {
            try await EmailNotifier(.init(recipients: ["ops@example.com"], sendmailPath: sendmail)).deliver(TestNotifications.failure())
        }
        #expect(error?.description.contains("exit status 75: no route to relay") == true, "\(String(describing: error))")
    }

    @Test("a command gets the run's details in HOURGLASS_ variables and its output on standard input")
    func command() async throws {
        let notifier = CommandNotifier(
            .init(
                shell: "env | grep '^HOURGLASS_' | sort > '\(directory.path("env.txt"))'; cat > '\(directory.path("stdin.txt"))'",
                environment: ["EXTRA": "1"]))
        try await notifier.deliver(TestNotifications.failure(output: "no disk\nat all"))
        let variables = Dictionary(
            uniqueKeysWithValues: read("env.txt").split(separator: "\n").compactMap { line -> (String, String)? in
                guard let equals = line.firstIndex(of: "=") else { return nil }
                return (String(line[..<equals]), String(line[line.index(after: equals)...]))
            })
        #expect(variables["HOURGLASS_EVENT"] == "failure")
        #expect(variables["HOURGLASS_JOB"] == "backup")
        #expect(variables["HOURGLASS_RUN_ID"] == "5832761429")
        #expect(variables["HOURGLASS_FIRE_TIME"] == "2026-01-01T03:00:00+00:00")
        #expect(variables["HOURGLASS_OUTCOME"] == "error")
        #expect(variables["HOURGLASS_EXIT_STATUS"] == "7")
        #expect(variables["HOURGLASS_ATTEMPT"] == "3")
        #expect(variables["HOURGLASS_NODE"] == "node-a")
        #expect(variables["HOURGLASS_SUPPRESSED"] == "2")
        #expect(variables["HOURGLASS_TEST"] == "false")
        #expect(read("stdin.txt") == "no disk\nat all")
    }

    @Test("a command that exits non-zero, or runs past its timeout, fails the delivery")
    func commandFails() async throws {
        await #expect(throws: NotifierError.self) {
            try await CommandNotifier(.init(arguments: ["sh", "-c", "exit 3"])).deliver(TestNotifications.failure())
        }
        let started = ContinuousClock.now
        let error = await #expect(throws: NotifierError.self) {
            try await CommandNotifier(.init(arguments: ["sleep", "120"], timeout: .milliseconds(300))).deliver(TestNotifications.failure())
        }
        // The command would sleep for 2 minutes; the bound leaves room for a busy machine.
        #expect(ContinuousClock.now - started < .seconds(30))
        #expect(error?.description.contains("did not end within") == true, "\(String(describing: error))")
    }
}
