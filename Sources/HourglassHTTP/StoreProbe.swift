import Hourglass

/// Asks a store whether it answers, within a time limit (a stalled database must not
/// stall `/ready`).
enum StoreProbe {
    /// nil when the store answered; else why not, without the store's own message (it
    /// can name hosts and users; the scheduler's log has it).
    static func check(store name: String, of scheduler: Scheduler, timeout: Duration) async -> String? {
        let answer = await TimeLimit.run(timeout) { () -> String? in
            do {
                _ = try await scheduler.jobs(matching: JobFilter(nextRunBefore: .distantPast), in: name)
                return nil
            } catch {
                return "failed"
            }
        }
        return answer ?? "no answer within \(timeout)"
    }
}
