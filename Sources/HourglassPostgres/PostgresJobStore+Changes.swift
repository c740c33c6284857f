import Foundation
import Hourglass
import PostgresNIO

extension PostgresJobStore {
    /// Listens on the store's channel on a connection of its own and reports each
    /// announced next run time. When the connection drops, it listens again after a
    /// growing delay (up to ``Configuration/maximumReconnectDelay``) and reports an
    /// unknown change, since announcements made meanwhile are lost.
    public func watchChanges(_ onChange: @escaping @Sendable (Date?) -> Void) async {
        guard configuration.notifiesChanges else { return }
        let backoff = RetryPolicy(maxAttempts: .max, initialBackoff: .milliseconds(100), maximumBackoff: configuration.maximumReconnectDelay)
        // Failed attempts since the last one that listened.
        var failures = 0
        while !Task.isCancelled {
            var listened = false
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: tables.channel) { notifications in
                        listened = true
                        onChange(nil)
                        for try await notification in notifications {
                            onChange(Double(notification.payload).map(Date.init(timeIntervalSince1970:)))
                        }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning(
                    "lost the connection that listens for changes; listening again soon",
                    metadata: [
                        "job.store": .string(configuration.schema), "error.message": .string(String(reflecting: error)),
                    ])
            }
            failures = listened ? 1 : failures + 1
            try? await Task.sleep(for: backoff.backoff(afterAttempt: failures))
        }
    }
}
