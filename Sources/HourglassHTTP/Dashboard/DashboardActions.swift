import Foundation
import Hourglass
import Hummingbird

/// A change a job page's buttons make.
enum JobAction: String, CaseIterable, Sendable {
    case pause, resume, run
}

extension HourglassDashboard {
    /// A button's POST: checked (same site, session, CSRF token, admin role), carried out,
    /// then a 303 back to the job's page with a message.
    func change(_ request: Request, id raw: String?, action: JobAction) async -> Response {
        do {
            let form = try await readForm(request)
            let session = try checkedSession(request, form)
            guard session.role == .admin else {
                throw DashboardFailure(
                    status: .forbidden, heading: "Refused", message: "Pausing, resuming and running a job need an admin token.")
            }
            let (id, store) = try jobAddress(request, raw)
            let shown = "'" + DashboardText.visible(id.rawValue) + "'"
            let message: String
            switch action {
            case .pause:
                _ = try await call(store) { try await scheduler.pauseJob(id, in: store) }
                message = "Paused \(shown)."
            case .resume:
                let job = try await call(store) { try await scheduler.resumeJob(id, in: store) }
                let zone = job?.trigger.timeZone ?? .gmt
                message = "Resumed \(shown)"
                    + (job?.nextRunTime.map { "; next run " + DashboardText.time($0, in: zone) + "." } ?? ".")
            case .run:
                try await call(store) { try await scheduler.runNow(id, in: store) }
                message = "Started a run of \(shown). It appears in the history once it has begun."
            }
            sessions.setFlash(message, for: session.id)
            let (href, storeQuery) = jobLink(id, store: store)
            return DashboardRenderer.redirect(to: href + storeQuery)
        } catch let failure as DashboardFailure {
            return errorPage(request, failure)
        } catch {
            return errorPage(request, DashboardFailure(status: .badRequest, heading: "Failed", message: "The form could not be read."))
        }
    }

    /// The sign-in form; with open access, or once signed in, the jobs page instead.
    func loginPage(_ request: Request) -> Response {
        let next = safeNext(request.uri.queryParameters["next"].map(String.init))
        let visitor = visitor(request)
        guard visitor.session.role == nil else { return withCookie(DashboardRenderer.redirect(to: next), visitor) }
        return render("login", title: "Sign in", content: LoginView(next: next, loginError: nil), section: .none, visitor: visitor)
    }

    /// A sign-in: the token's role goes to a new session (a new cookie, so that an id
    /// known before the sign-in is worth nothing after it).
    func login(_ request: Request) async -> Response {
        guard !access.isOpen else { return DashboardRenderer.redirect(to: basePath + "/") }
        let form: FormFields
        do {
            form = try await readForm(request)
        } catch {
            return errorPage(request, DashboardFailure(status: .badRequest, heading: "Failed", message: "The form could not be read."))
        }
        let next = safeNext(form["next"])
        let session: DashboardSessions.Session
        do {
            session = try checkedSession(request, form)
        } catch {
            let visitor = Visitor(session: sessions.create(role: nil), isNew: true)
            return render(
                "login", title: "Sign in", content: LoginView(next: next, loginError: "The form had expired. Sign in again."),
                section: .none, visitor: visitor, status: .forbidden)
        }
        guard let token = form["token"], let role = access.role(forAuthorization: "Bearer " + token) else {
            return render(
                "login", title: "Sign in", content: LoginView(next: next, loginError: "That token is not accepted."),
                section: .none, visitor: Visitor(session: session, isNew: false), status: .unauthorized)
        }
        sessions.remove(session.id)
        let signedIn = Visitor(session: sessions.create(role: role), isNew: true)
        return withCookie(DashboardRenderer.redirect(to: next), signedIn)
    }

    /// A sign-out: the session ends and its cookie is cleared.
    func logout(_ request: Request) async -> Response {
        do {
            let session = try checkedSession(request, try await readForm(request))
            sessions.remove(session.id)
            var response = DashboardRenderer.redirect(to: basePath + (access.isOpen ? "/" : "/login"))
            response.setCookie(sessionCookie("ended", maxAge: 0))
            return response
        } catch let failure as DashboardFailure {
            return errorPage(request, failure)
        } catch {
            return errorPage(request, DashboardFailure(status: .badRequest, heading: "Failed", message: "The form could not be read."))
        }
    }

    private func readForm(_ request: Request) async throws -> FormFields {
        do {
            return try await FormFields.read(request)
        } catch {
            throw DashboardFailure(status: .contentTooLarge, heading: "Refused", message: "The form is too large.")
        }
    }
}
