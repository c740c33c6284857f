import Tracing

extension JobContext {
    /// Calls a blocking body with this context, on the calling thread, with
    /// ``serviceContext`` as `ServiceContext.current` while it runs (a task-local value is
    /// bound on a thread too).
    func call(blocking function: @Sendable (JobContext) throws -> Void) throws {
        guard let serviceContext else { return try function(self) }
        try ServiceContext.$current.withValue(serviceContext) { try function(self) }
    }

    /// Calls an async body with this context, with ``serviceContext`` as
    /// `ServiceContext.current` in its task.
    func call(async function: @Sendable (JobContext) async throws -> Void) async throws {
        guard let serviceContext else { return try await function(self) }
        try await ServiceContext.$current.withValue(serviceContext) { try await function(self) }
    }
}
