import Foundation
import HourglassTesting
import Testing
import HourglassTestSupport

@Suite("Manual clock")
struct ManualClockTests {
    @Test("a sleeper wakes only when the clock is advanced past its deadline")
    func wakesOnAdvance() async throws {
        let clock = ManualClock(now: Date(timeIntervalSince1970: 0))
        let woke = Task { try await clock.sleep(until: Date(timeIntervalSince1970: 60)) }
        while clock.sleeperCount == 0 { await Task.yield() }
        clock.advance(by: .seconds(59))
        #expect(clock.sleeperCount == 1)
        clock.advance(by: .seconds(1))
        try await woke.value
        #expect(clock.now() == Date(timeIntervalSince1970: 60))
        #expect(clock.sleeperCount == 0)
    }

    @Test("cancelling a sleeper ends its sleep with CancellationError")
    func cancellation() async throws {
        let clock = ManualClock()
        let sleeper = Task { try await clock.sleep(until: Date(timeIntervalSince1970: 3_600)) }
        while clock.sleeperCount == 0 { await Task.yield() }
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(clock.sleeperCount == 0)
    }

    @Test("the clock never moves backwards")
    func monotonic() {
        let clock = ManualClock(now: Date(timeIntervalSince1970: 100))
        clock.advance(to: Date(timeIntervalSince1970: 50))
        #expect(clock.now() == Date(timeIntervalSince1970: 100))
    }
}
