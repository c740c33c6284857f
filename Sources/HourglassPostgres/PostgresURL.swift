import Foundation
import Hourglass

/// The parts of a `postgres://user:password@host:5432/database?schema=name&sslmode=mode`
/// URL, read once for the client and for the first connection's check.
struct PostgresURL: Sendable {
    /// Whether and how to use TLS (`sslmode`).
    enum TLSMode: Sendable { case disable, prefer, require }

    var host: String
    var port: Int
    var user: String
    var password: String?
    var database: String
    var tls: TLSMode

    /// The parts of `url`.
    ///
    /// - Throws: `SchedulerError.Code.invalidArgument` naming what is wrong, and the URL
    ///   without its password.
    init(_ url: String) throws(SchedulerError) {
        func invalid(_ reason: String) -> SchedulerError {
            SchedulerError(code: .invalidArgument, field: Self.shown(url), reason: reason)
        }
        guard let components = URLComponents(string: url), let scheme = components.scheme else {
            throw invalid("is not a URL; write postgres://user:password@host:5432/database, with a password's special characters percent-encoded (# as %23, a space as %20)")
        }
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw invalid("has scheme '\(scheme)'; use postgres://")
        }
        guard let host = components.host, !host.isEmpty else { throw invalid("names no host") }
        guard let user = components.user, !user.isEmpty else { throw invalid("names no user; write postgres://user@\(host)/database") }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        switch components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "disable" {
        case "disable": tls = .disable
        case "prefer": tls = .prefer
        case "require": tls = .require
        case let mode: throw invalid("has sslmode '\(mode)'; use disable, prefer or require")
        }
        self.host = host
        port = components.port ?? 5432
        self.user = user
        password = components.password
        database = path.isEmpty ? user : path
    }

    /// `host:port`, for messages.
    var address: String { "\(host):\(port)" }

    /// `url` as an error names it: its password as `***`, cut to a readable length.
    static func shown(_ url: String) -> String {
        "PostgreSQL URL \(EchoedText.quoted(PostgresJobStore.redacted(url)))"
    }
}
