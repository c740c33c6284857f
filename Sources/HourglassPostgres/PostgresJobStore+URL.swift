import Foundation
import Hourglass
import PostgresNIO

extension PostgresJobStore {
    /// A client configuration from a URL such as `postgres://user:password@host:5432/database`.
    ///
    /// `postgresql://` works too. The port defaults to 5432 and the database to the user
    /// name. TLS is off unless the URL asks with `?sslmode=require` or `?sslmode=prefer`.
    ///
    /// - Throws: ``SchedulerError/Code/invalidArgument`` naming what is wrong with the URL.
    public static func clientConfiguration(url: String) throws -> PostgresClient.Configuration {
        func invalid(_ reason: String) -> SchedulerError {
            SchedulerError(code: .invalidArgument, field: "PostgreSQL URL '\(redacted(url))'", reason: reason)
        }
        guard let components = URLComponents(string: url), let scheme = components.scheme else {
            throw invalid("is not a URL; write postgres://user:password@host:5432/database")
        }
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw invalid("has scheme '\(scheme)'; use postgres://")
        }
        guard let host = components.host, !host.isEmpty else { throw invalid("names no host") }
        guard let user = components.user, !user.isEmpty else { throw invalid("names no user; write postgres://user@\(host)/database") }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let tls: PostgresClient.Configuration.TLS
        switch components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "disable" {
        case "disable": tls = .disable
        case "prefer": tls = .prefer(.makeClientConfiguration())
        case "require": tls = .require(.makeClientConfiguration())
        case let mode: throw invalid("has sslmode '\(mode)'; use disable, prefer or require")
        }
        return PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: user, password: components.password,
            database: path.isEmpty ? user : path, tls: tls)
    }

    /// `url` with its password replaced by `***`, for logs and messages.
    public static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }
}
