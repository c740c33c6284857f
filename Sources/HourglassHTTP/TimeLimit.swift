/// Runs store calls that a probe or a scrape must not wait on forever.
enum TimeLimit {
    /// What `operation` returns, or nil when `limit` passes first (the operation is then
    /// cancelled; one that ignores cancellation is still waited for).
    static func run<Value: Sendable>(_ limit: Duration, _ operation: @escaping @Sendable () async -> Value) async -> Value? {
        await withTaskGroup(of: Value?.self) { group in
            group.addTask { await operation() }
            group.addTask {
                try? await Task.sleep(for: limit)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
