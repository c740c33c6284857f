extension Scheduler {
    /// Registers an async handler under `name` that takes `Arguments` decoded from each
    /// job's stored JSON. Jobs in any store can name it; a job whose handler was missing
    /// runs again once it is registered.
    ///
    /// ```swift
    /// await scheduler.register("send-report") { (args: ReportArguments, context) in ... }
    /// ```
    public func register<Arguments: Decodable & Sendable>(
        _ name: String, arguments: Arguments.Type = Arguments.self, executor: String? = nil,
        _ handler: @escaping @Sendable (Arguments, JobContext) async throws -> Void
    ) async {
        await install(name, executor: executor, isBlocking: false) { stored in
            .async { context in try await handler(JobHandler.decoding(name, Arguments.self, stored), context) }
        }
    }

    /// Registers an async handler without arguments.
    public func register(
        _ name: String, executor: String? = nil, _ handler: @escaping @Sendable (JobContext) async throws -> Void
    ) async {
        await install(name, executor: executor, isBlocking: false) { _ in .async(handler) }
    }

    /// Registers a blocking handler; its jobs run on the `blocking` executor unless they name another.
    public func registerBlocking<Arguments: Decodable & Sendable>(
        _ name: String, arguments: Arguments.Type = Arguments.self, executor: String? = nil,
        _ handler: @escaping @Sendable (Arguments, JobContext) throws -> Void
    ) async {
        await install(name, executor: executor, isBlocking: true) { stored in
            .blocking { context in try handler(JobHandler.decoding(name, Arguments.self, stored), context) }
        }
    }

    /// Registers a blocking handler without arguments.
    public func registerBlocking(
        _ name: String, executor: String? = nil, _ handler: @escaping @Sendable (JobContext) throws -> Void
    ) async {
        await install(name, executor: executor, isBlocking: true) { _ in .blocking(handler) }
    }

    /// Removes a handler; its jobs stay in their stores, unrunnable here.
    public func unregister(_ name: String) {
        handlers[name] = nil
    }

    /// The names of the registered handlers, sorted.
    public var handlerNames: [String] { handlers.keys.sorted() }

    private func install(
        _ name: String, executor: String?, isBlocking: Bool, _ makeBody: @escaping @Sendable (JobArguments?) -> JobBody
    ) async {
        handlers[name] = JobHandler(makeBody: makeBody, executor: executor, isBlocking: isBlocking)
        await releaseHeldClaims { $0 == name }
    }
}
