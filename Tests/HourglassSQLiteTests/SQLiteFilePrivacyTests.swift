import Foundation
import Hourglass
import HourglassSQLite
import Testing
import HourglassTestSupport

#if canImport(Glibc)
    import Glibc
#endif

@Suite("SQLite files hold command output and environment values: only their owner may read them")
struct SQLiteFilePrivacyTests {
    /// The permission bits of `path`, or nil when it does not exist.
    static func mode(_ path: String) -> mode_t? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return status.st_mode & 0o777
    }

    @Test("a new store file, its -wal and its -shm are created with mode 0600, whatever the umask")
    func newFile() async throws {
        let directory = TemporaryDirectory()
        let path = directory.path("jobs.sqlite")
        let store = try SQLiteJobStore(path: path)
        let run = RunRecord(
            id: 1, jobID: "secret", scheduledFireTime: Date(timeIntervalSince1970: 1), startedAt: nil, finishedAt: nil,
            status: .running, attempt: 1, owner: "test")
        try await store.record([run])
        for file in [path, path + "-wal", path + "-shm"] {
            #expect(Self.mode(file) == 0o600, "\(file): \(String(Self.mode(file) ?? 0, radix: 8))")
        }
    }

    @Test("an existing file keeps its mode")
    func existingFile() async throws {
        let directory = TemporaryDirectory()
        let path = directory.path("jobs.sqlite")
        #expect(FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o640]))
        _ = try SQLiteJobStore(path: path)
        #expect(Self.mode(path) == 0o640)
    }
}
