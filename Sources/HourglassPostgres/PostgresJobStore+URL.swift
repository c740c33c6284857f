import Foundation
import Hourglass
import PostgresNIO

extension PostgresJobStore {
    /// A client configuration from a URL such as `postgres://user:password@host:5432/database`.
    ///
    /// `postgresql://` works too. The port defaults to 5432 and the database to the user
    /// name. TLS is off unless the URL asks with `?sslmode=require` or `?sslmode=prefer`.
    ///
    /// - Throws: `SchedulerError.Code.invalidArgument` naming what is wrong with the URL.
    public static func clientConfiguration(url: String) throws -> PostgresClient.Configuration {
        let parts = try PostgresURL(url)
        let tls: PostgresClient.Configuration.TLS
        switch parts.tls {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(.makeClientConfiguration())
        case .require: tls = .require(.makeClientConfiguration())
        }
        return PostgresClient.Configuration(
            host: parts.host, port: parts.port, username: parts.user, password: parts.password, database: parts.database, tls: tls)
    }

    /// The store settings a `postgres://` URL carries, as the daemon's `store:` gives
    /// them: `schema=name` (``Configuration/schema``; default `hourglass`) and
    /// `answer_timeout=seconds` (``Configuration/answerTimeout``; default 30). Other
    /// parameters (`sslmode`) are the client's.
    ///
    /// - Throws: `SchedulerError.Code.invalidArgument` for an `answer_timeout` that is not
    ///   a number of seconds above zero and at most 86,400 (a day), naming the URL without
    ///   its password. A bad schema name is refused when the store opens.
    public static func configuration(url: String) throws(SchedulerError) -> Configuration {
        var configuration = Configuration()
        let items = URLComponents(string: url)?.queryItems ?? []
        if let schema = items.first(where: { $0.name == "schema" })?.value {
            configuration.schema = schema
        }
        if let item = items.first(where: { $0.name == "answer_timeout" }) {
            let text = item.value ?? ""
            guard let seconds = Double(text), seconds > 0, seconds <= 86_400 else {
                throw SchedulerError(
                    code: .invalidArgument, field: "answer_timeout in \(PostgresURL.shown(url))",
                    reason: "is \(EchoedText.quoted(text)); give the seconds a store call may wait for the database, above 0 and at most 86400")
            }
            configuration.answerTimeout = .seconds(seconds)
        }
        return configuration
    }

    /// `location` with its password hidden, for logs and messages; any other text as it is.
    ///
    /// In a URL that parses (of any scheme), the password of its user information becomes
    /// `***`: `postgres://app:***@db/app`. In one that does not (a `#`, a space or an `@`
    /// in the password), everything between `://` and the last `@` becomes `***`:
    /// `postgres://***@db/app`. A file path has no `://` and is returned unchanged.
    public static func redacted(_ location: String) -> String {
        guard let start = location.range(of: "://"),
            let at = location.range(of: "@", options: .backwards, range: start.upperBound..<location.endIndex)
        else { return location }
        let userInformation = location[start.upperBound..<at.lowerBound]
        let head = location[..<start.upperBound]
        let tail = location[at.lowerBound...]
        // The user is shown only when the parser read exactly this text as user and password.
        if let components = URLComponents(string: location), let user = components.percentEncodedUser,
            userInformation == user + (components.percentEncodedPassword.map { ":" + $0 } ?? "")
        {
            return components.percentEncodedPassword == nil ? location : head + user + ":***" + tail
        }
        return head + "***" + tail
    }
}
