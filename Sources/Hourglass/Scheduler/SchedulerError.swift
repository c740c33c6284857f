/// An error from the scheduler or a job store, with a ``Code`` to branch on and a message
/// that says what to fix.
public struct SchedulerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of error.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Kind: String {
            case jobExists, jobNotFound, invalidArgument, closureNotStorable, unknownStore, unknownExecutor
            case duplicateName, invalidState, unsupportedFormat, storeFailure, jobChanged
        }
        let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// A job with this id is already in the store (``ConflictPolicy/fail``).
        public static let jobExists = Code(.jobExists)
        /// No job has this id.
        public static let jobNotFound = Code(.jobNotFound)
        /// An option or argument has a value that cannot work.
        public static let invalidArgument = Code(.invalidArgument)
        /// A closure job was given to a persistent store, which can keep only named handlers.
        public static let closureNotStorable = Code(.closureNotStorable)
        /// No store has this name.
        public static let unknownStore = Code(.unknownStore)
        /// No executor has this name.
        public static let unknownExecutor = Code(.unknownExecutor)
        /// A store or executor with this name is already added.
        public static let duplicateName = Code(.duplicateName)
        /// The scheduler is not in a state that allows this (for example, started twice).
        public static let invalidState = Code(.invalidState)
        /// Exported or stored data is of a newer or unknown format.
        public static let unsupportedFormat = Code(.unsupportedFormat)
        /// The store failed (I/O, database); see ``SchedulerError/reason``.
        public static let storeFailure = Code(.storeFailure)
        /// The job was changed in the store (by another scheduler, process or call) since
        /// it was read: its ``Job/revision`` is no longer the store's.
        public static let jobChanged = Code(.jobChanged)

        public var description: String { kind.rawValue }
    }

    /// The kind of error.
    public let code: Code
    /// The job, option or name concerned, when there is one.
    public let field: String?
    /// What is wrong and how to fix it.
    public let reason: String

    /// An error of `code` about `field`.
    public init(code: Code, field: String? = nil, reason: String) {
        self.code = code
        self.field = field
        self.reason = reason
    }

    public var description: String {
        if let field { return "\(field): \(reason)" }
        return reason
    }

    static func invalidArgument(_ field: String, _ reason: String) -> SchedulerError {
        SchedulerError(code: .invalidArgument, field: field, reason: reason)
    }

    /// The error for a job id that no job has; for stores to throw.
    public static func jobNotFound(_ id: JobID) -> SchedulerError {
        SchedulerError(code: .jobNotFound, field: "job '\(id)'", reason: "no job has this id")
    }

    /// The error for an update of a job read at `revision` that the store has changed
    /// since; for stores to throw.
    public static func jobChanged(_ id: JobID, revision: Int64) -> SchedulerError {
        SchedulerError(
            code: .jobChanged, field: "job '\(id)'",
            reason: "was changed in the store since it was read (at revision \(revision)), by another scheduler, "
                + "process or call; nothing was written: read the job again and apply the change to it (modify does)")
    }

    /// The error for an id already taken, under ``ConflictPolicy/fail``; for stores to throw.
    public static func jobExists(_ id: JobID) -> SchedulerError {
        SchedulerError(
            code: .jobExists, field: "job '\(id)'",
            reason: "a job with this id exists; pass onConflict: .replace or .keepExisting, or choose another id")
    }
}
