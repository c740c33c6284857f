/// Lets one test at a time run many real processes on the wall clock. The suite's tests
/// run in parallel; the cluster tests expect each node to look at the store every second,
/// and six daemons starting at once beside them stalled every node past a fire time.
package enum ExclusiveProcessTests {
    private static let turns = TestTurns()

    /// Runs `body` while no other such test runs.
    package static func run<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await turns.run(body)
    }
}

/// Tests that must not overlap (they share something) take turns through one of these.
package actor TestTurns {
    private var isHeld = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    package init() {}

    /// Runs `body` once no other body given to this instance runs, in the order they came.
    package nonisolated func run<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await acquire()
        do {
            let result = try await body()
            await release()
            return result
        } catch {
            await release()
            throw error
        }
    }

    private func acquire() async {
        guard isHeld else {
            isHeld = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty { isHeld = false } else { waiters.removeFirst().resume() }
    }
}
