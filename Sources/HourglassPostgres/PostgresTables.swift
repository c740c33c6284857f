import Hourglass

/// The qualified names of a store's tables, sequence and notification channel in one schema.
struct PostgresTables: Sendable {
    /// The schema a store uses unless told otherwise.
    static let defaultSchema = "hourglass"
    /// The tables of the default schema.
    static let inDefaultSchema = PostgresTables(checkedSchema: defaultSchema)

    let schema: String
    var jobs: String { "\(schema).jobs" }
    var runs: String { "\(schema).runs" }
    var schedulers: String { "\(schema).schedulers" }
    var migrations: String { "\(schema).migrations" }
    var claimTokens: String { "\(schema).claim_tokens" }
    /// The `LISTEN` / `NOTIFY` channel for changes to the schema's jobs.
    var channel: String { "\(schema)_jobs" }
    /// The advisory lock's key that creating or migrating the schema holds, so that nodes
    /// starting together migrate once.
    var migrationLock: String { "hourglass-migrations:\(schema)" }

    /// - Throws: `SchedulerError.Code.invalidArgument` unless `schema` is a plain
    ///   lowercase name, which needs no quoting.
    init(schema: String) throws {
        let first = schema.unicodeScalars.first
        let plain = schema.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
        guard let first, plain, !("0"..."9").contains(first), schema.utf8.count <= 55 else {
            throw SchedulerError(
                code: .invalidArgument, field: "schema",
                reason: "'\(schema)' is not a plain PostgreSQL name; use lowercase letters, digits and underscores, "
                    + "not starting with a digit, at most 55 characters")
        }
        self.schema = schema
    }

    /// The tables in `schema`, a name known to be plain.
    private init(checkedSchema schema: String) {
        self.schema = schema
    }
}
