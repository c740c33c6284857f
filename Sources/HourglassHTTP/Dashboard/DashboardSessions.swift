import Foundation
import Synchronization

/// The dashboard's browser sessions, kept in memory: a random id (the cookie's value)
/// maps to the role its token granted, a token against cross-site requests, and a flash
/// message for the next page.
///
/// A session ends at its expiry; a server restart ends them all. At most ``limit``
/// sessions are kept: past that, the one that expires first makes room.
final class DashboardSessions: Sendable {
    /// One browser's session.
    struct Session: Sendable {
        /// The cookie's value.
        let id: String
        /// The token every form of this session carries (`csrf` field).
        let csrf: String
        /// What the session may do; nil before a login (with tokens configured).
        let role: APIAccess.Role?
        /// When the session ends.
        let expires: ContinuousClock.Instant
    }

    private struct Entry {
        var session: Session
        var flash: String?
    }

    /// How long a signed-in session lasts.
    let lifetime: Duration
    /// How long a session without a role (a login form shown) lasts.
    let anonymousLifetime: Duration
    /// The most sessions kept.
    let limit: Int

    private let entries = Mutex<[String: Entry]>([:])

    init(lifetime: Duration = .seconds(12 * 3_600), anonymousLifetime: Duration = .seconds(3_600), limit: Int = 10_000) {
        self.lifetime = lifetime
        self.anonymousLifetime = anonymousLifetime
        self.limit = limit
    }

    /// The live session with cookie value `id`; nil for none, an unknown one or an expired one.
    func session(_ id: String?) -> Session? {
        guard let id, !id.isEmpty else { return nil }
        let now = ContinuousClock.now
        return entries.withLock { entries in
            guard let entry = entries[id] else { return nil }
            guard entry.session.expires > now else {
                entries[id] = nil
                return nil
            }
            return entry.session
        }
    }

    /// A new session with `role`.
    func create(role: APIAccess.Role?) -> Session {
        let now = ContinuousClock.now
        let session = Session(
            id: Self.randomToken(), csrf: Self.randomToken(), role: role,
            expires: now + (role == nil ? anonymousLifetime : lifetime))
        entries.withLock { entries in
            if entries.count >= limit {
                entries = entries.filter { $0.value.session.expires > now }
                while entries.count >= limit, let first = entries.min(by: { $0.value.session.expires < $1.value.session.expires }) {
                    entries[first.key] = nil
                }
            }
            entries[session.id] = Entry(session: session)
        }
        return session
    }

    /// Ends the session `id`.
    func remove(_ id: String) {
        _ = entries.withLock { $0.removeValue(forKey: id) }
    }

    /// Keeps `message` for the session's next page.
    func setFlash(_ message: String, for id: String) {
        entries.withLock { $0[id]?.flash = message }
    }

    /// The session's flash message, once.
    func takeFlash(for id: String) -> String? {
        entries.withLock { entries in
            defer { entries[id]?.flash = nil }
            return entries[id]?.flash
        }
    }

    /// How many sessions are kept (expired ones included until they are looked up).
    var count: Int { entries.withLock { $0.count } }

    /// 32 random bytes from the system's secure generator, base64url without padding (43
    /// characters, all valid in a cookie and a form field).
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Whether `presented` is the session's CSRF token, compared in constant time.
    static func csrfMatches(_ presented: String?, _ session: Session) -> Bool {
        guard let presented else { return false }
        return APIAccess.constantTimeEqual(Array(presented.utf8), Array(session.csrf.utf8))
    }
}
