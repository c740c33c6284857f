import Foundation
import Hourglass
import Hummingbird

/// The web dashboard of a `Scheduler`, for a Hummingbird router: pages for the
/// jobs, each job (with pause, resume and run now), each run's output and the nodes.
///
/// The pages are rendered on the server from templates compiled into the binary, with one
/// small script that refreshes them every 5 seconds; they work without it, and without any
/// network beyond this server. Mount it beside the ``HourglassAPI``:
/// ```swift
/// let router = Router()
/// let access = try APIAccess.fromEnvironment()
/// HourglassAPI(scheduler: scheduler, access: access).addRoutes(to: router)
/// HourglassDashboard(scheduler: scheduler, access: access).addRoutes(to: router)
/// ```
/// With tokens, a browser signs in with one on `/login` and gets a session cookie
/// (`HttpOnly`, `SameSite=Strict`); a read token shows the pages, an admin token also
/// changes jobs. Every change is a form POST that carries the session's token against
/// cross-site requests. With ``APIAccess/open`` access there is no sign-in.
public struct HourglassDashboard: Sendable {
    /// The scheduler the dashboard shows and steers.
    public let scheduler: Scheduler
    /// Who may sign in, with which role.
    public let access: APIAccess
    /// The path the routes are mounted under (`/hourglass` for a router group
    /// `hourglass`), for links and the cookie's path; empty for the root.
    public var basePath: String
    /// Whether the session cookie is marked `Secure`: set it when browsers reach the
    /// dashboard over HTTPS (through a proxy), so that the cookie never travels in clear.
    public var secureCookie = false
    /// What a job runs, in words, for its page; by default its handler's name.
    public var targetDescription: @Sendable (Job) -> String = { job in
        job.target.handlerName.map { "handler '\($0)'" } ?? "a closure"
    }

    let sessions: DashboardSessions

    /// The dashboard of `scheduler`, with `access` deciding who may sign in, mounted at
    /// `basePath` (empty for the root, else like `/hourglass`).
    public init(scheduler: Scheduler, access: APIAccess, basePath: String = "") {
        self.scheduler = scheduler
        self.access = access
        self.basePath = basePath.hasSuffix("/") ? String(basePath.dropLast()) : basePath
        self.sessions = DashboardSessions()
    }

    /// Adds the pages to `router` (a `Router`, or a group of one at ``basePath``): `/`,
    /// `/jobs/{id}`, `/jobs/{id}/runs/{run}`, `/nodes`, `/login`, the POSTs that change
    /// jobs, and `/static/dashboard.css` and `/static/dashboard.js`.
    public func addRoutes<Context: RequestContext>(to router: some RouterMethods<Context>) {
        router.get("") { request, _ in await jobsPage(request) }
        router.get("jobs/:id") { request, context in await jobPage(request, id: context.parameters.get("id")) }
        router.get("jobs/:id/runs/:run") { request, context in
            await runPage(request, id: context.parameters.get("id"), run: context.parameters.get("run"))
        }
        router.get("nodes") { request, _ in await nodesPage(request) }
        router.get("login") { request, _ in loginPage(request) }
        router.post("login") { request, _ in await login(request) }
        router.post("logout") { request, _ in await logout(request) }
        for action in JobAction.allCases {
            router.post("jobs/:id/\(action.rawValue)") { request, context in
                await change(request, id: context.parameters.get("id"), action: action)
            }
        }
        router.get("static/dashboard.css") { _, _ in
            DashboardRenderer.asset(DashboardStyle.css, contentType: "text/css; charset=utf-8")
        }
        router.get("static/dashboard.js") { _, _ in
            DashboardRenderer.asset(DashboardScript.javascript, contentType: "text/javascript; charset=utf-8")
        }
    }
}
