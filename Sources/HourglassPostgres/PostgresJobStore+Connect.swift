import Foundation
import Hourglass
import Logging
import PostgresNIO

extension PostgresJobStore {
    /// Opens one connection to the database `url` names, logs in, and closes it: a check
    /// that the server can be reached and takes the URL's user, password and database.
    ///
    /// Run it before starting a `PostgresClient` on the URL. The client tries a connection
    /// that fails again and again in the background, and its requests wait about a minute
    /// before failing with an error that does not say why; this check fails at once with
    /// the server's own reason (`password authentication failed for user "app"`), or the
    /// network's (`connection refused`), or after `timeout` when nothing answers.
    ///
    /// - Throws: `SchedulerError.Code.invalidArgument` for a URL that cannot be used;
    ///   `SchedulerError.Code.storeFailure` saying why the connection failed and what to check.
    public static func checkConnection(url: String, timeout: Duration = .seconds(5), logger: Logger) async throws {
        let parts = try PostgresURL(url)
        let field = "PostgreSQL database '\(redacted(url))'"
        let connection: PostgresConnection
        do {
            var configuration = PostgresConnection.Configuration(
                host: parts.host, port: parts.port, username: parts.user, password: parts.password,
                database: parts.database, tls: try tls(parts.tls))
            configuration.options.connectTimeout = TimeAmount(timeout)
            connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        } catch {
            throw SchedulerError(code: .storeFailure, field: field, reason: connectionFailure(error, at: parts.address, timeout: timeout))
        }
        try? await connection.close()
    }

    /// The TLS settings of one connection.
    private static func tls(_ mode: PostgresURL.TLSMode) throws -> PostgresConnection.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
    }

    /// Why connecting to `address` failed, and what to check.
    static func connectionFailure(_ error: any Error, at address: String, timeout: Duration) -> String {
        if let database = error as? PSQLError, let server = database.serverInfo {
            let message = server[.message] ?? "no message"
            let code = server[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            return "the server at \(address) refused the connection: \(message)\(code); "
                + "check the user, password and database in the URL"
        }
        let underlying = (error as? PSQLError)?.underlying ?? error
        let reason: String
        if let channel = underlying as? ChannelError, case .connectTimeout = channel {
            reason = "no answer within \(timeout)"
        } else if let system = systemError(in: underlying) {
            reason = String(cString: strerror(system.errnoCode)).lowercased()
        } else if let lookup = underlying as? NIOConnectionError, lookup.connectionErrors.isEmpty {
            reason = "the host name could not be resolved"
        } else {
            reason = "\(underlying)"
        }
        return "cannot connect to \(address): \(reason); check that the server is running, and the host and port in the URL"
    }

    /// The first system call error in `error` or in what it wraps (NIO's connection error
    /// holds one for each address it tried).
    private static func systemError(in error: Any, depth: Int = 0) -> IOError? {
        if let system = error as? IOError { return system }
        guard depth < 4 else { return nil }
        for child in Mirror(reflecting: error).children {
            if let found = systemError(in: child.value, depth: depth + 1) { return found }
        }
        return nil
    }
}
