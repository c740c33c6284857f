import Hourglass

/// Asks a store whether it answers, within a time limit (a stalled database must not
/// stall `/ready`).
enum StoreProbe {
    /// nil when the store answered; else why not, without the store's own message (it
    /// can name hosts and users; the scheduler's log has it).
    static func check(store name: String, of scheduler: Scheduler, timeout: Duration) async -> String? {
        await withTaskGroup(of: String?.self) { group in
            group.addTask {
                do {
                    _ = try await scheduler.jobs(matching: JobFilter(nextRunBefore: .distantPast), in: name)
                    return nil
                } catch {
                    return "failed"
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return "no answer within \(timeout)"
            }
            let first = await group.next() ?? "failed"
            group.cancelAll()
            return first
        }
    }
}
