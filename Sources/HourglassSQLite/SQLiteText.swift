import GRDB
import GRDBSQLite

/// Text bound with its length in bytes, so that a NUL character and everything after it
/// are kept. (GRDB binds a `String` as a C string, which ends at its first NUL: a command's
/// output would lose the rest.) Read such a column back with ``SQLiteText/read(_:)``.
/// Bound through SQLite's C function for the reason `Statement.executeBound` gives.
struct SQLiteText: StatementBinding {
    /// The text to bind.
    let text: String

    func bind(to sqliteStatement: SQLiteStatement, at index: CInt) -> CInt {
        let bytes = Array(text.utf8)
        // SQLITE_TRANSIENT: SQLite copies the bytes before the call returns.
        let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
        guard !bytes.isEmpty else { return sqlite3_bind_text(sqliteStatement, index, "", 0, transient) }
        return bytes.withUnsafeBytes { buffer in
            sqlite3_bind_text(
                sqliteStatement, index, buffer.baseAddress?.assumingMemoryBound(to: CChar.self), CInt(buffer.count), transient)
        }
    }

    /// The SQL that selects text column `column` whole: as its bytes, which ``read(_:)`` reads.
    static func selected(_ column: String) -> String { "CAST(\(column) AS BLOB)" }

    /// A column selected with ``selected(_:)``, as text; nil for NULL.
    static func read(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .blob(let data): String(decoding: data, as: UTF8.self)
        case .string(let string): string
        default: nil
        }
    }
}
