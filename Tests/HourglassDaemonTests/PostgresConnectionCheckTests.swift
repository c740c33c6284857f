import Foundation
import Hourglass
import HourglassDaemon
import Logging
import Testing
import HourglassTestSupport
import HourglassPostgresTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A store that cannot be reached or refuses the login fails within seconds with the
/// reason, not after the client's minute of retries. Measured on the real clock: these
/// are network timeouts, not scheduling.
@Suite("Opening a PostgreSQL store that cannot be used fails fast, with the reason", .timeLimit(.minutes(2)))
struct PostgresConnectionCheckTests {
    /// What opening the store at `url` threw, and how long it took.
    static func openFailure(_ url: String) async -> (error: (any Error)?, seconds: Double) {
        let start = Date()
        do {
            try await DaemonStore.withStore(at: url, logger: Logger(label: "test")) { _ in }
            return (nil, Date().timeIntervalSince(start))
        } catch {
            return (error, Date().timeIntervalSince(start))
        }
    }

    /// A TCP port on 127.0.0.1 that nothing listens on: one just bound and closed.
    static func closedPort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(socket >= 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                try #require(bind(socket, address, length) == 0)
                try #require(getsockname(socket, address, &length) == 0)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test("a closed port: 'connection refused at host:port' within seconds")
    func closedPort() async throws {
        let port = try Self.closedPort()
        let (error, seconds) = await Self.openFailure("postgres://app:secret@127.0.0.1:\(port)/app")
        let failure = try #require(error)
        let text = String(describing: failure)
        #expect(text.contains("cannot connect to 127.0.0.1:\(port): connection refused"), "\(text)")
        #expect(!text.contains("secret"), "\(text)")
        #expect(seconds < 15, "took \(seconds) s")
    }

    @Test(
        "a role or database the server does not have: the server's own reason within seconds",
        .enabled(if: PostgresTestDatabase.isConfigured),
        arguments: [
            ("no_such_role", nil, #"role "no_such_role" does not exist"#),
            (nil, "no_such_database", #"database "no_such_database" does not exist"#),
            // scripts/postgres-test-server.sh makes this role log in with a password.
            ("hourglass_password", nil, #"password authentication failed for user "hourglass_password""#),
        ] as [(String?, String?, String)])
    func refused(role: String?, database: String?, reason: String) async throws {
        let url = try #require(PostgresTestDatabase.url)
        var components = try #require(URLComponents(string: url))
        if let role { components.user = role }
        components.password = "wrong"
        if let database { components.path = "/" + database }
        let location = try #require(components.string)
        let (error, seconds) = await Self.openFailure(location)
        let failure = try #require(error)
        let text = String(describing: failure)
        #expect(text.contains(reason), "\(text)")
        #expect(!text.contains("wrong@"), "\(text)")
        #expect(seconds < 15, "took \(seconds) s")
    }
}
