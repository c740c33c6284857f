import Foundation
import HourglassDaemon
import HourglassTestSupport
import Testing

/// Commands run as another user, as root's system crontab lines do.
@Suite("Commands run as another user", .enabled(if: UserAccount.isRoot), .timeLimit(.minutes(1)))
struct CommandUserTests {
    // Regression: CI's "@reboot nobody" crontab test timed out now and then. The daemon's
    // child hung in setgroups before exec; with Subprocess switching the user, this test
    // hung in each of 4 tries (and in 7 of 7 with more runs or threads at once).
    @Test("runs as the line's user keep starting while other threads come and go")
    func manyRunsUnderThreadChurn() async throws {
        let nobody = try UserAccount.named("nobody")
        // Threads start and end, as the Swift runtime, Dispatch and NIO start and end them in
        // a busy daemon; doing so takes the C library's locks that a child forked meanwhile
        // inherits.
        let churn = RepeatingThread {
            var thread = pthread_t()
            if pthread_create(&thread, nil, { _ in nil }, nil) == 0 { pthread_join(thread, nil) }
            usleep(50)
        }
        // Eight at a time: each run holds a few pipes, and the other tests share the process.
        let outputs = try await withThrowingTaskGroup(of: String.self) { group in
            var outputs: [String] = []
            for index in 0..<300 {
                if index >= 8, let output = try await group.next() { outputs.append(output) }
                group.addTask { try await CommandRunner.run(CommandSpec(shell: "id -u", user: "nobody")).output }
            }
            for try await output in group { outputs.append(output) }
            return outputs
        }
        #expect(outputs.count == 300)
        await churn.stop()
        #expect(outputs.allSatisfy { $0 == "\(nobody.userID)\n" })
    }
}
