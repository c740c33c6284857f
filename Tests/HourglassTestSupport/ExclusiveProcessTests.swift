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
