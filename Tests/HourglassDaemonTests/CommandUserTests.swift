import Foundation
import HourglassDaemon
import Synchronization
import Testing

/// Commands run as another user, as root's system crontab lines do.
@Suite("Commands run as another user", .enabled(if: UserAccount.isRoot), .timeLimit(.minutes(1)))
struct CommandUserTests {
    /// A thread that starts short-lived threads over and over until stopped: as the Swift
    /// runtime, Dispatch and NIO do in a busy daemon. Starting and ending a thread takes
    /// the C library's locks that a child forked meanwhile inherits.
    final class ThreadChurn: Sendable {
        private let stopped = Atomic(false)
        private let ended = Atomic(false)

        init() {
            Thread { [self] in
                while !stopped.load(ordering: .relaxed) {
                    var thread = pthread_t()
                    if pthread_create(&thread, nil, { _ in nil }, nil) == 0 { pthread_join(thread, nil) }
                    usleep(50)
                }
                ended.store(true, ordering: .releasing)
            }.start()
        }

        func stop() async {
            stopped.store(true, ordering: .relaxed)
            while !ended.load(ordering: .acquiring) { try? await Task.sleep(for: .milliseconds(5)) }
        }
    }

    // Regression: CI's "@reboot nobody" crontab test timed out now and then. The daemon's
    // child hung in setgroups before exec; with Subprocess switching the user, this test
    // hung in each of 7 tries.
    @Test("runs as the line's user keep starting while other threads come and go")
    func manyRunsUnderThreadChurn() async throws {
        let nobody = try UserAccount.named("nobody")
        let churn = ThreadChurn()
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
