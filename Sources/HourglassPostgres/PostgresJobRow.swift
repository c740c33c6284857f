import Foundation
import Hourglass
import PostgresNIO

/// A job as one row of the `jobs` table: a `StoredJob` in columns.
enum PostgresJobRow {
    /// The columns a job reads from, in this order.
    static let columns = "id, name, trigger, handler, arguments, options, next_run_time, paused"

    typealias Columns = (String, String?, String, String, String?, String?, Double?, Bool)

    /// The row of `job` in the store in `schema`.
    static func stored(_ job: Job, schema: String) throws -> StoredJob {
        try StoredJob(job, store: "'\(schema)'")
    }

    static func job(_ columns: Columns, store: String) throws -> Job {
        try StoredJob(
            id: columns.0, name: columns.1, trigger: columns.2, handler: columns.3, arguments: columns.4,
            options: columns.5, nextRunTime: columns.6, paused: columns.7
        ).job(store: "'\(store)'")
    }

    /// The jobs in `rows`, whose columns are ``columns`` then `revision`, with their revisions.
    static func jobsWithRevision(in rows: PostgresRowSequence, store: String) async throws -> [Job] {
        var jobs: [Job] = []
        for try await (id, name, trigger, handler, arguments, options, next, paused, revision) in rows.decode(
            (String, String?, String, String, String?, String?, Double?, Bool, Int64).self)
        {
            var job = try job((id, name, trigger, handler, arguments, options, next, paused), store: store)
            job.revision = revision
            jobs.append(job)
        }
        return jobs
    }

    /// The jobs in `rows`, whose columns are ``columns``.
    static func jobs(in rows: PostgresRowSequence, store: String) async throws -> [Job] {
        var jobs: [Job] = []
        for try await columns in rows.decode(Columns.self) {
            jobs.append(try job(columns, store: store))
        }
        return jobs
    }
}

extension PostgresJobRow {
    /// ``columns`` with their types, for `jsonb_to_recordset`.
    static let columnTypes =
        "id text, name text, trigger text, handler text, arguments text, options text, next_run_time float8, paused boolean"

    /// Rows as a JSON array of objects keyed by column, so that one parameter carries a
    /// whole batch, nulls included.
    static func json(_ rows: [StoredJob]) throws -> String {
        let objects = rows.map {
            Object(
                id: $0.id, name: $0.name, trigger: $0.trigger, handler: $0.handler, arguments: $0.arguments,
                options: $0.options, next_run_time: $0.nextRunTime, paused: $0.paused)
        }
        return try recordSet(objects)
    }

    /// Objects as the JSON text that `jsonb_to_recordset` reads: postgres-nio cannot bind
    /// arrays with null elements, and one parameter carries any number of rows.
    static func recordSet(_ objects: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(objects), as: UTF8.self)
    }

    private struct Object: Encodable {
        var id: String
        var name: String?
        var trigger: String
        var handler: String
        var arguments: String?
        var options: String?
        var next_run_time: Double?
        var paused: Bool
    }
}

extension PostgresRowSequence {
    /// The first column of every row.
    func values<T: PostgresDecodable & Sendable>(_ type: T.Type) async throws -> [T] {
        var values: [T] = []
        for try await value in decode(T.self) { values.append(value) }
        return values
    }
}
