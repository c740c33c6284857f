import Foundation
import Hourglass
import Testing
import HourglassTestSupport

/// The one clock that cannot be driven by hand: these tests wait for real, for at most a
/// few milliseconds each.
@Suite("System clock")
struct SystemClockTests {
    @Test("a sleep never ends before its deadline, whether it needs the timer or only the busy wait", arguments: [0.000_1, 0.002])
    func neverEarly(_ interval: TimeInterval) async throws {
        for _ in 0..<20 {
            let deadline = Date().addingTimeInterval(interval)
            try await SystemClock().sleep(until: deadline)
            #expect(Date() >= deadline)
        }
    }

    @Test("a cancelled task's sleep throws CancellationError, in the timer sleep and in the busy wait")
    func cancellation() async throws {
        let long = Task { try await SystemClock().sleep(until: Date().addingTimeInterval(3_600)) }
        long.cancel()
        await #expect(throws: CancellationError.self) { try await long.value }
        let short = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await SystemClock().sleep(until: Date().addingTimeInterval(0.000_1))
        }
        await #expect(throws: CancellationError.self) { try await short.value }
    }
}
