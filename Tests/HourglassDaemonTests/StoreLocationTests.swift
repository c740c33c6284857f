import Foundation
import Hourglass
import HourglassDaemon
import HourglassPostgres
import Testing
import HourglassTestSupport

@Suite("Store locations: which are PostgreSQL, where relative paths lead, and passwords never shown")
struct StoreLocationTests {
    @Test(
        "only postgres:// and postgresql:// URLs are PostgreSQL; every other relative path is beside the file",
        arguments: [
            ("postgres-jobs.sqlite", "/srv/app/postgres-jobs.sqlite"),
            ("postgresql.sqlite", "/srv/app/postgresql.sqlite"),
            ("postgres:jobs.sqlite", "/srv/app/postgres:jobs.sqlite"),
            ("data/jobs.sqlite", "/srv/app/data/jobs.sqlite"),
            ("/var/lib/jobs.sqlite", "/var/lib/jobs.sqlite"),
            ("postgres://app@db/app", "postgres://app@db/app"),
            ("postgresql://app@db/app", "postgresql://app@db/app"),
        ])
    func relativePaths(_ store: String, expected: String) throws {
        let configuration = try DaemonConfiguration.parse("store: \(store)\njobs: []", file: "/srv/app/hourglass.yaml")
        #expect(configuration.store == expected)
        #expect(DaemonStore.isPostgres(configuration.store) == store.contains("://"))
    }

    @Test(
        "a password is replaced by *** in URLs that parse, and everything up to the last @ in ones that do not",
        arguments: [
            ("postgres://app:s3cret@db:5432/app", "postgres://app:***@db:5432/app"),
            ("postgres://app@db/app", "postgres://app@db/app"),
            ("postgres://app:pa#ss@db/app", "postgres://***@db/app"),
            ("postgres://app:pa ss@db/app", "postgres://***@db/app"),
            ("postgres://app:pa@ss@db/app", "postgres://***@db/app"),
            ("postgres://app:12/x@db/app", "postgres://***@db/app"),
            ("mysql://u:pw@h/db", "mysql://u:***@h/db"),
            ("/var/lib/jobs.sqlite", "/var/lib/jobs.sqlite"),
        ])
    func redaction(_ location: String, expected: String) {
        #expect(PostgresJobStore.redacted(location) == expected)
    }

    @Test(
        "a URL that does not parse or names another scheme is refused without its password",
        arguments: ["postgres://app:pa#ss@db/app", "postgres://app:pa ss@db/app", "mysql://u:pass@h/db"])
    func refusedWithoutPassword(_ location: String) async throws {
        let error = await #expect(throws: SchedulerError.self) {
            try await DaemonStore.withStore(at: location, logger: .init(label: "test")) { _ in }
        }
        let text = String(describing: error)
        #expect(!text.contains("pa#ss") && !text.contains("pa ss") && !text.contains("pass@"), "\(text)")
        #expect(text.contains("***"), "\(text)")
    }

    @Test("a store URL's answer_timeout must be seconds above 0: refused at its line, and before any connection")
    func badAnswerTimeout() async throws {
        let error = #expect(throws: ConfigurationError.self) {
            try DaemonConfiguration.parse("jobs: []\nstore: postgres://u:pass@h/db?answer_timeout=0", file: "/srv/app/hourglass.yaml")
        }
        #expect(error?.line == 2 && error?.field == "store", "\(String(describing: error))")
        #expect(error?.description.contains("answer_timeout") == true, "\(String(describing: error))")
        #expect(error?.description.contains("u:pass@") == false, "\(String(describing: error))")
        // Port 1 refuses connections: the setting is checked first.
        let opening = await #expect(throws: SchedulerError.self) {
            try await DaemonStore.withStore(at: "postgres://u:pass@127.0.0.1:1/db?answer_timeout=-2", logger: .init(label: "test")) { _ in }
        }
        #expect(opening?.code == .invalidArgument && opening?.description.contains("answer_timeout") == true)
    }

    @Test("a configuration file whose store names another scheme is refused at its line, without the password")
    func unknownSchemeInFile() {
        let error = #expect(throws: ConfigurationError.self) {
            try DaemonConfiguration.parse("jobs: []\nstore: mysql://u:pass@h/db", file: "/srv/app/hourglass.yaml")
        }
        #expect(error?.line == 2 && error?.field == "store", "\(String(describing: error))")
        #expect(error?.description.contains("mysql://u:***@h/db") == true, "\(String(describing: error))")
        #expect(error?.description.contains("u:pass@") == false, "\(String(describing: error))")
    }
}
