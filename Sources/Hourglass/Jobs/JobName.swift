/// A handler's name tied to the type of its arguments, so that registering a handler and
/// adding its jobs are checked by the compiler: a job whose arguments are not the
/// handler's type does not compile.
///
/// Declare each name once, next to its arguments:
///
/// ```swift
/// struct ReportArguments: Codable, Sendable { var recipient: String }
///
/// extension JobName where Arguments == ReportArguments {
///     static var sendReport: Self { Self("send-report") }
/// }
///
/// await scheduler.register(.sendReport) { arguments, context in
///     print("report for \(arguments.recipient)")
/// }
/// try await scheduler.add(
///     id: "weekly", cron: "0 9 * * mon", handler: .sendReport, arguments: ReportArguments(recipient: "ops@example.com"))
/// ```
///
/// The name is what the store keeps: jobs added with a `JobName` and jobs added with the
/// same name as a `String` (by the daemon, an import or another service) run the same
/// handler. Handlers without arguments use ``NoArguments``.
public struct JobName<Arguments: Codable & Sendable>: Hashable, Sendable, CustomStringConvertible {
    /// The handler's name, as stored with each job.
    public let rawValue: String

    /// A name for the handler registered under `rawValue`.
    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }
}

/// The arguments of a handler that takes none: a job stores no arguments for it.
///
/// ```swift
/// let cleanUp = JobName<NoArguments>("clean-up")
/// await scheduler.register(cleanUp) { _, context in context.logger.info("cleaning up") }
/// try await scheduler.add(id: "hourly-clean-up", every: .seconds(3600), handler: cleanUp)
/// ```
public struct NoArguments: Codable, Sendable, Hashable {
    /// The only value.
    public init() {}

    /// Accepts whatever a job stored, or nothing: a handler without arguments ignores them.
    public init(from decoder: any Decoder) throws {}

    /// Writes nothing more than an empty object.
    public func encode(to encoder: any Encoder) throws {
        _ = encoder.container(keyedBy: NoKeys.self)
    }

    private enum NoKeys: CodingKey {}
}
