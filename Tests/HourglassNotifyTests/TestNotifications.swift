import Foundation
import Hourglass
import HourglassNotify
import Synchronization

/// Notifications and notifiers shared by the tests.
enum TestNotifications {
    static let fireTime = Date(timeIntervalSince1970: 1_767_236_400)  // 2026-01-01T03:00:00Z

    /// A failed run of `backup` on node-a, exit status 7.
    static func failure(output: String = "no space left on device") -> RunNotification {
        RunNotification(
            event: .failure, jobID: "backup", store: "default", runID: 5_832_761_429, fireTime: fireTime,
            startedAt: fireTime.addingTimeInterval(0.012), finishedAt: fireTime.addingTimeInterval(4.53), status: .error,
            attempt: 3, exitStatus: 7, output: output, node: "node-a", suppressed: 2)
    }
}

/// Keeps every notification it is given; fails the ones `shouldFail` picks.
final class RecordingNotifier: Notifier {
    private let delivered = Mutex<[RunNotification]>([])
    private let shouldFail: @Sendable (RunNotification) -> Bool

    init(failing shouldFail: @escaping @Sendable (RunNotification) -> Bool = { _ in false }) {
        self.shouldFail = shouldFail
    }

    var name: String { "recording" }
    var notifications: [RunNotification] { delivered.withLock { $0 } }

    func deliver(_ notification: RunNotification) async throws {
        delivered.withLock { $0.append(notification) }
        if shouldFail(notification) { throw NotifierError("refused on purpose") }
    }
}

/// Holds every delivery until the test opens its gate; says when the first has begun.
final class GatedNotifier: Notifier {
    private let state = Mutex<(open: Bool, started: Int, waiters: [CheckedContinuation<Void, Never>], delivered: [Int64?])>(
        (false, 0, [], []))

    var name: String { "gated" }
    var started: Int { state.withLock { $0.started } }
    var deliveredRuns: [Int64?] { state.withLock { $0.delivered } }

    func deliver(_ notification: RunNotification) async throws {
        await withCheckedContinuation { continuation in
            let open = state.withLock { state -> Bool in
                state.started += 1
                if !state.open { state.waiters.append(continuation) }
                return state.open
            }
            if open { continuation.resume() }
        }
        state.withLock { $0.delivered.append(notification.runID) }
    }

    func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
