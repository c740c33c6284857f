import Foundation
import Synchronization

/// A thread of its own that does `step` over and over until stopped: background activity
/// (processes being spawned, threads coming and going) beside what a test checks.
package final class RepeatingThread: Sendable {
    private let stopped = Atomic(false)
    private let ended = Atomic(false)

    /// Starts the thread.
    package init(_ step: @escaping @Sendable () -> Void) {
        Thread { [self] in
            while !stopped.load(ordering: .relaxed) { step() }
            ended.store(true, ordering: .releasing)
        }.start()
    }

    /// Stops the thread after its current step, and returns once it has.
    package func stop() async {
        stopped.store(true, ordering: .relaxed)
        while !ended.load(ordering: .acquiring) { try? await Task.sleep(for: .milliseconds(5)) }
    }
}
