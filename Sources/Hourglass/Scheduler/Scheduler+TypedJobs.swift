import Foundation

/// The typed job API: handlers registered and jobs added under a ``JobName``, whose
/// argument type the compiler checks.
extension Scheduler {
    /// Registers the async handler of `name`; jobs that name it get their stored arguments
    /// decoded as `Arguments`. Registering a name again replaces its handler.
    public func register<Arguments>(
        _ name: JobName<Arguments>, executor: String? = nil,
        _ handler: @escaping @Sendable (Arguments, JobContext) async throws -> Void
    ) async {
        await register(name.rawValue, arguments: Arguments.self, executor: executor, handler)
    }

    /// Registers the blocking handler of `name`; its jobs run on the `blocking` executor
    /// unless they or `executor` name another.
    public func registerBlocking<Arguments>(
        _ name: JobName<Arguments>, executor: String? = nil,
        _ handler: @escaping @Sendable (Arguments, JobContext) throws -> Void
    ) async {
        await registerBlocking(name.rawValue, arguments: Arguments.self, executor: executor, handler)
    }

    /// Adds a job that calls the handler of `handler` with `arguments` on `trigger`'s fire
    /// times. Any store can keep it, a persistent one included.
    ///
    /// - Throws: ``SchedulerError`` as ``add(_:store:onConflict:)->JobHandle`` does, or when the
    ///   arguments cannot be encoded as JSON.
    @discardableResult
    public func add<Arguments>(
        id: JobID = .generate(), name: String? = nil, trigger: some Trigger, handler: JobName<Arguments>,
        arguments: Arguments, options: JobOptions = JobOptions(), paused: Bool = false, store: String? = nil,
        onConflict: ConflictPolicy = .fail
    ) async throws -> JobHandle {
        let target = try JobTarget.handler(handler, arguments: arguments)
        let job = Job(id: id, name: name, trigger: trigger, target: target, options: options, isPaused: paused)
        return try await add(job, store: store, onConflict: onConflict)
    }

    /// Adds a job that calls the handler of `handler`, which takes no arguments, on
    /// `trigger`'s fire times.
    @discardableResult
    public func add(
        id: JobID = .generate(), name: String? = nil, trigger: some Trigger, handler: JobName<NoArguments>,
        options: JobOptions = JobOptions(), paused: Bool = false, store: String? = nil, onConflict: ConflictPolicy = .fail
    ) async throws -> JobHandle {
        try await add(
            id: id, name: name, trigger: trigger, handler: handler, arguments: NoArguments(), options: options,
            paused: paused, store: store, onConflict: onConflict)
    }

    /// Adds a handler job on a crontab expression in the scheduler's time zone
    /// (``Configuration/timeZone``).
    @discardableResult
    public func add<Arguments>(
        id: JobID = .generate(), name: String? = nil, cron expression: String, handler: JobName<Arguments>,
        arguments: Arguments, options: JobOptions = JobOptions(), paused: Bool = false, store: String? = nil,
        onConflict: ConflictPolicy = .fail
    ) async throws -> JobHandle {
        try await add(
            id: id, name: name, trigger: CronTrigger(expression, timeZone: configuration.timeZone), handler: handler,
            arguments: arguments, options: options, paused: paused, store: store, onConflict: onConflict)
    }

    /// Adds a handler job without arguments on a crontab expression in the scheduler's
    /// time zone (``Configuration/timeZone``).
    @discardableResult
    public func add(
        id: JobID = .generate(), name: String? = nil, cron expression: String, handler: JobName<NoArguments>,
        options: JobOptions = JobOptions(), paused: Bool = false, store: String? = nil, onConflict: ConflictPolicy = .fail
    ) async throws -> JobHandle {
        try await add(
            id: id, name: name, cron: expression, handler: handler, arguments: NoArguments(), options: options,
            paused: paused, store: store, onConflict: onConflict)
    }

    /// Adds a handler job that runs every `interval`, at whole multiples of it since
    /// 1970-01-01T00:00Z (see ``Trigger/every(_:)``).
    @discardableResult
    public func add<Arguments>(
        id: JobID = .generate(), name: String? = nil, every interval: Duration, handler: JobName<Arguments>,
        arguments: Arguments, options: JobOptions = JobOptions(), paused: Bool = false, store: String? = nil,
        onConflict: ConflictPolicy = .fail
    ) async throws -> JobHandle {
        try await add(
            id: id, name: name, trigger: .every(interval), handler: handler, arguments: arguments,
            options: options, paused: paused, store: store, onConflict: onConflict)
    }

    /// Adds a handler job without arguments that runs every `interval`, at whole
    /// multiples of it since 1970-01-01T00:00Z (see ``Trigger/every(_:)``).
    @discardableResult
    public func add(
        id: JobID = .generate(), name: String? = nil, every interval: Duration, handler: JobName<NoArguments>,
        options: JobOptions = JobOptions(), paused: Bool = false, store: String? = nil, onConflict: ConflictPolicy = .fail
    ) async throws -> JobHandle {
        try await add(
            id: id, name: name, every: interval, handler: handler, arguments: NoArguments(), options: options,
            paused: paused, store: store, onConflict: onConflict)
    }

    /// Adds a closure job that runs every `interval`, at whole multiples of it since
    /// 1970-01-01T00:00Z (see ``Trigger/every(_:)``); it lives only in a memory store.
    @discardableResult
    public func add(
        id: JobID = .generate(), name: String? = nil, every interval: Duration, options: JobOptions = JobOptions(),
        paused: Bool = false, store: String? = nil, onConflict: ConflictPolicy = .fail,
        _ body: @escaping @Sendable (JobContext) async throws -> Void
    ) async throws -> JobHandle {
        try await add(
            id: id, name: name, trigger: .every(interval), options: options, paused: paused, store: store,
            onConflict: onConflict, body)
    }
}

extension JobTarget {
    /// The handler of `name` with `arguments` as its stored JSON (none for ``NoArguments``).
    ///
    /// - Throws: ``SchedulerError/Code/invalidArgument`` when the arguments cannot be encoded.
    public static func handler<Arguments>(_ name: JobName<Arguments>, arguments: Arguments) throws(SchedulerError) -> JobTarget {
        let stored = Arguments.self == NoArguments.self ? nil : try JobArguments(encoding: arguments)
        return .handler(name: name.rawValue, arguments: stored)
    }
}
