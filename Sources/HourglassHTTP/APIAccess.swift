import Foundation

/// Who may use the HTTP API: bearer tokens, each with a ``Role``.
///
/// Give tokens by environment variable or file, never in a configuration file that is
/// checked in:
/// ```swift
/// let access = try APIAccess.fromEnvironment()  // HOURGLASS_HTTP_READ_TOKEN, HOURGLASS_HTTP_ADMIN_TOKEN, or their _FILE forms
/// ```
/// With no token at all, ``isOpen`` is true and every request may read and change: only
/// for an address that nobody else can reach (the daemon refuses any other).
public struct APIAccess: Sendable {
    /// What a token allows.
    public enum Role: String, Sendable, Hashable, Comparable, CaseIterable {
        /// Read jobs, runs, nodes and the scheduler's state.
        case read
        /// Also change jobs: pause, resume, run now, remove.
        case admin

        public static func < (lhs: Role, rhs: Role) -> Bool { lhs == .read && rhs == .admin }
    }

    /// A token and the role it grants.
    public struct Token: Sendable {
        let secret: [UInt8]
        public let role: Role

        /// A token of at least 16 characters, without white space or control characters.
        public init(_ secret: String, role: Role) throws(APIAccessError) {
            guard secret.utf8.count >= 16 else {
                throw APIAccessError("a \(role.rawValue) token must be at least 16 characters long (it has \(secret.utf8.count))")
            }
            guard !secret.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F })
            else { throw APIAccessError("a \(role.rawValue) token must not contain spaces or control characters") }
            self.secret = Array(secret.utf8)
            self.role = role
        }
    }

    /// The tokens that are accepted.
    public let tokens: [Token]

    /// Access with these tokens; with none, the API is open (see ``isOpen``).
    public init(tokens: [Token]) {
        self.tokens = tokens
    }

    /// No token: every request may read and change. Only for addresses nobody else reaches.
    public static let open = APIAccess(tokens: [])

    /// Whether the API asks for no token.
    public var isOpen: Bool { tokens.isEmpty }

    /// The tokens from `HOURGLASS_HTTP_READ_TOKEN` and `HOURGLASS_HTTP_ADMIN_TOKEN`, or
    /// from the files that `HOURGLASS_HTTP_READ_TOKEN_FILE` and `HOURGLASS_HTTP_ADMIN_TOKEN_FILE`
    /// name (their first line; for secrets mounted as files). No variable set: ``open``.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(APIAccessError) -> APIAccess {
        var tokens: [Token] = []
        for role in Role.allCases {
            let name = "HOURGLASS_HTTP_\(role.rawValue.uppercased())_TOKEN"
            let value = environment[name]
            let file = environment[name + "_FILE"]
            if value != nil && file != nil { throw APIAccessError("set \(name) or \(name)_FILE, not both") }
            if let value { tokens.append(try Token(value, role: role)) }
            if let file {
                let contents: String
                do {
                    contents = try String(contentsOfFile: file, encoding: .utf8)
                } catch {
                    throw APIAccessError("\(name)_FILE: cannot read '\(file)': \(error.localizedDescription)")
                }
                let line = contents.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
                do {
                    tokens.append(try Token(line.trimmingCharacters(in: .whitespaces), role: role))
                } catch {
                    throw APIAccessError("\(name)_FILE '\(file)': \(error.message)")
                }
            }
        }
        return APIAccess(tokens: tokens)
    }

    /// The role that the `Authorization` header's bearer token grants, or nil for none
    /// or a wrong one. Open access grants ``Role/admin``. Every token is compared in
    /// full, in time that does not depend on where the bytes differ.
    func role(forAuthorization header: String?) -> Role? {
        if isOpen { return .admin }
        guard let header, header.utf8.count > 7, header.prefix(7).lowercased() == "bearer " else { return nil }
        let presented = Array(header.utf8.dropFirst(7))
        var granted: Role?
        for token in tokens where Self.constantTimeEqual(presented, token.secret) {
            granted = max(granted ?? token.role, token.role)
        }
        return granted
    }

    /// Whether `a` and `b` are equal, looking at every byte of the longer whatever they hold.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        for index in 0..<max(a.count, b.count) {
            let left = index < a.count ? a[index] : 0
            let right = index < b.count ? b[index] : 0
            difference |= left ^ right
        }
        return difference == 0 && a.count == b.count
    }
}

/// A token that cannot be used, or a token file that cannot be read; the message says why.
public struct APIAccessError: Error, CustomStringConvertible, Sendable {
    /// What is wrong and what to do.
    public let message: String

    init(_ message: String) { self.message = message }

    public var description: String { message }
}
