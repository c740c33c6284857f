import Foundation
import GRDB
import Hourglass
import Testing

@testable import HourglassSQLite
import HourglassTestSupport

@Suite("A job row's statements, run through SQLite's C functions")
struct SQLiteJobRowTests {
    private static func stored(_ id: String, handler: String, name: String? = nil) -> StoredJob {
        StoredJob(
            id: id, name: name, trigger: #"{"type":"date"}"#, handler: handler, arguments: nil, options: nil,
            nextRunTime: 12.5, paused: false)
    }

    /// A table with the job columns, whose `handler` may not be 'refused'.
    private static func database(in directory: TemporaryDirectory) throws -> DatabaseQueue {
        let queue = try DatabaseQueue(path: directory.path("rows.sqlite"))
        try queue.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE jobs (id TEXT PRIMARY KEY, name TEXT, trigger TEXT, handler TEXT CHECK (handler <> 'refused'),
                        arguments TEXT, options TEXT, next_run_time REAL, paused INTEGER)
                    """)
        }
        return queue
    }

    @Test("every column is bound, nil as NULL, and the extra value after them")
    func bindsEveryColumn() throws {
        let directory = TemporaryDirectory()
        let queue = try Self.database(in: directory)
        let rows = try queue.write { db -> [Row] in
            let insert = try db.cachedStatement(sql: "INSERT INTO jobs (\(SQLiteJobRow.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            try SQLiteJobRow.execute(insert, for: Self.stored("a", handler: "h", name: "first"))
            try SQLiteJobRow.execute(insert, for: Self.stored("b", handler: "h"))
            let update = try db.cachedStatement(
                sql: """
                    UPDATE jobs SET id = ?, name = ?, trigger = ?, handler = ?, arguments = ?, options = ?,
                        next_run_time = ?, paused = ? WHERE id = ?
                    """)
            try SQLiteJobRow.execute(update, for: Self.stored("c", handler: "other"), then: "b")
            return try Row.fetchAll(db, sql: "SELECT \(SQLiteJobRow.columns) FROM jobs ORDER BY id")
        }
        #expect(rows.map { $0[0] as String } == ["a", "c"])
        #expect(rows[0][1] as String? == "first")
        #expect(rows[1][1] as String? == nil)
        #expect(rows[1][3] as String == "other")
        #expect(rows[1][6] as Double == 12.5)
        #expect(rows[1][7] as Bool == false)
    }

    @Test("a statement SQLite refuses throws its error, and the same statement runs again afterwards")
    func refusedThenReused() throws {
        let directory = TemporaryDirectory()
        let queue = try Self.database(in: directory)
        let count = try queue.write { db -> Int in
            let insert = try db.cachedStatement(sql: "INSERT INTO jobs (\(SQLiteJobRow.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            let error = #expect(throws: DatabaseError.self) {
                try SQLiteJobRow.execute(insert, for: Self.stored("a", handler: "refused"))
            }
            #expect(error?.resultCode == .SQLITE_CONSTRAINT)
            #expect(error?.message?.contains("CHECK constraint failed") == true)
            #expect(error?.sql?.contains("INSERT INTO jobs") == true)
            try SQLiteJobRow.execute(insert, for: Self.stored("a", handler: "accepted"))
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM jobs WHERE handler = 'accepted'") ?? 0
        }
        #expect(count == 1)
    }
}
