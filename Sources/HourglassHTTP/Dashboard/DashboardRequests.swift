import Foundation
import Hourglass
import Hummingbird

/// A page that cannot be shown, and why: answered as an HTML page with `status`.
struct DashboardFailure: Error {
    let status: HTTPResponse.Status
    let heading: String
    let message: String

    /// A scheduler call's error as a page: its status and message as the JSON API gives them.
    static func from(_ error: any Error, store: String) -> DashboardFailure {
        let api = (error as? APIError) ?? APIError.from(error, store: store)
        let heading = api.status == .notFound ? "Not found" : api.status == .serviceUnavailable ? "Store unavailable" : "Failed"
        return DashboardFailure(status: api.status, heading: heading, message: api.message)
    }

    static let forbidden = DashboardFailure(
        status: .forbidden, heading: "Refused",
        message: "This form has expired or did not come from this dashboard. Reload the page and try again.")
}

/// Which navigation entry a page belongs to.
enum DashboardSection {
    case jobs, nodes, none
}

extension HourglassDashboard {
    static let cookieName = "hourglass_session"

    /// The browser's session: the one its cookie names, or a new one (to be set as a
    /// cookie) with the role open access gives, or none before a sign-in.
    struct Visitor {
        let session: DashboardSessions.Session
        let isNew: Bool
    }

    func visitor(_ request: Request) -> Visitor {
        if let session = sessions.session(request.cookies[Self.cookieName]?.value) {
            return Visitor(session: session, isNew: false)
        }
        return Visitor(session: sessions.create(role: access.isOpen ? .admin : nil), isNew: true)
    }

    /// A page for a visitor who may read: what `build` gives, rendered with the layout; a
    /// visitor who has not signed in is sent to the sign-in page.
    func page(
        _ request: Request, section: DashboardSection,
        _ build: () async throws(DashboardFailure) -> (template: String, title: String, content: Any)
    ) async -> Response {
        let visitor = visitor(request)
        guard visitor.session.role != nil else {
            let next = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
            return withCookie(DashboardRenderer.redirect(to: basePath + "/login?next=" + DashboardText.queryValue(next)), visitor)
        }
        do {
            let (template, title, content) = try await build()
            return render(template, title: title, content: content, section: section, visitor: visitor)
        } catch {
            return render("error", title: error.heading, content: ErrorView(heading: error.heading, message: error.message),
                section: .none, visitor: visitor, status: error.status)
        }
    }

    /// `template` with the layout around `content`.
    func render(
        _ template: String, title: String, content: Any, section: DashboardSection, visitor: Visitor,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let session = visitor.session
        let page = DashboardPage(
            title: title, base: basePath, assetVersion: DashboardRenderer.assetVersion, csrf: session.csrf,
            flash: sessions.takeFlash(for: session.id), canChange: session.role == .admin,
            signedIn: !access.isOpen && session.role != nil, navJobs: section == .jobs, navNodes: section == .nodes,
            schedulerID: DashboardText.visible(scheduler.schedulerID), content: content)
        return withCookie(DashboardRenderer.html(template, page, status: status), visitor)
    }

    /// An error page for `failure`, in the request's session (or a new one).
    func errorPage(_ request: Request, _ failure: DashboardFailure) -> Response {
        render("error", title: failure.heading, content: ErrorView(heading: failure.heading, message: failure.message),
            section: .none, visitor: visitor(request), status: failure.status)
    }

    /// `response` with the session cookie set when the session is new.
    func withCookie(_ response: Response, _ visitor: Visitor) -> Response {
        guard visitor.isNew else { return response }
        var response = response
        let lifetime = visitor.session.role == nil ? sessions.anonymousLifetime : sessions.lifetime
        response.setCookie(sessionCookie(visitor.session.id, maxAge: Int(lifetime.components.seconds)))
        return response
    }

    /// The session cookie: `HttpOnly`, `SameSite=Strict`, for the dashboard's path.
    func sessionCookie(_ value: String, maxAge: Int) -> Cookie {
        Cookie(
            name: Self.cookieName, value: value, maxAge: maxAge, path: basePath.isEmpty ? "/" : basePath, secure: secureCookie,
            httpOnly: true, sameSite: .strict)
    }

    /// The session of a POST, checked: it comes from this site, names a live session by its
    /// cookie, and carries that session's CSRF token. Throws ``DashboardFailure/forbidden``.
    func checkedSession(_ request: Request, _ form: FormFields) throws(DashboardFailure) -> DashboardSessions.Session {
        do {
            try SameOrigin.check(request, requireLoopbackHost: access.isOpen)
        } catch let error as APIError {
            throw DashboardFailure(status: .forbidden, heading: "Refused", message: error.message)
        } catch {
            throw .forbidden
        }
        guard let session = sessions.session(request.cookies[Self.cookieName]?.value),
            DashboardSessions.csrfMatches(form["csrf"], session)
        else { throw .forbidden }
        return session
    }

    /// Runs a scheduler call, turning its errors into pages.
    func call<Result>(_ store: String, _ body: () async throws -> Result) async throws(DashboardFailure) -> Result {
        do {
            return try await body()
        } catch {
            throw DashboardFailure.from(error, store: store)
        }
    }

    /// The job a path names (percent-encoded) and its store (`?store=`, default "default").
    func jobAddress(_ request: Request, _ raw: String?) throws(DashboardFailure) -> (id: JobID, store: String) {
        guard let raw, let id = raw.removingPercentEncoding, !id.isEmpty else {
            throw DashboardFailure(status: .notFound, heading: "Not found", message: "This address names no job.")
        }
        let store = request.uri.queryParameters["store"].map(String.init) ?? Scheduler.defaultName
        return (JobID(id), store)
    }

    /// The link to a job's page, and the query that names its store (empty for the default one).
    func jobLink(_ id: JobID, store: String) -> (href: String, storeQuery: String) {
        let query = store == Scheduler.defaultName ? "" : "?store=" + DashboardText.queryValue(store)
        return (basePath + "/jobs/" + DashboardText.pathSegment(id.rawValue), query)
    }

    /// `next` when it is a path of this dashboard, else the jobs page: a sign-in never
    /// sends the browser to another site.
    func safeNext(_ next: String?) -> String {
        let home = basePath + "/"
        guard let next, next.hasPrefix(home), !next.hasPrefix("//"), next.count <= 2_000,
            !next.contains("\\"), !next.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F })
        else { return home }
        return next
    }
}
