import Foundation
import Hourglass
@testable import HourglassHTTP
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Dashboard: text, links and sessions")
struct DashboardTextTests {
    @Test("times in a zone with the offset, seconds only when not zero; spans in two units")
    func times() throws {
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        let winter = Date(timeIntervalSince1970: 1_767_232_800)  // 2026-01-01T02:00:00Z
        #expect(DashboardText.time(winter, in: berlin) == "2026-01-01 03:00 +01:00")
        #expect(DashboardText.time(winter.addingTimeInterval(90.25), in: .gmt) == "2026-01-01 02:01:30 +00:00")
        #expect(DashboardText.time(winter.addingTimeInterval(181 * 86_400), in: berlin) == "2026-07-01 04:00 +02:00")
        #expect(DashboardText.relative(winter.addingTimeInterval(7_500), to: winter) == "in 2 h 5 min")
        #expect(DashboardText.relative(winter, to: winter.addingTimeInterval(45)) == "45 s ago")
        #expect(DashboardText.relative(winter, to: winter) == "now")
        #expect(DashboardText.span(seconds: 3 * 86_400 + 7_200 + 59) == "3 d 2 h")
        #expect(DashboardText.span(seconds: 3_605) == "1 h")
        #expect(DashboardText.duration(0.25) == "0.25 s")
        #expect(DashboardText.duration(125) == "2 min 5 s")
    }

    @Test("control and direction characters are shown, not passed on; path segments keep a slash inside")
    func escaping() {
        #expect(DashboardText.visible("a\u{1b}[31mb\u{0}\u{7f}\u{202e}c") == "a\\u{1b}[31mb\\u{0}\\u{7f}\\u{202e}c")
        #expect(DashboardText.visible("one\ntwo\tthree\r", keepingLines: true) == "one\ntwo\tthree\\u{d}")
        #expect(DashboardText.visible("one\ntwo") == "one\\u{a}two")
        #expect(DashboardText.pathSegment("weird/id ü?#") == "weird%2Fid%20%C3%BC%3F%23")
        #expect(DashboardText.pathSegment("a-b_c.d~e") == "a-b_c.d~e")
    }

    @Test("sessions: a random id and token each, an expiry, a limit, flash messages once")
    func sessions() throws {
        let sessions = DashboardSessions(lifetime: .seconds(60), anonymousLifetime: .zero, limit: 3)
        let a = sessions.create(role: .admin)
        #expect(a.id.count == 43 && a.csrf.count == 43 && a.id != a.csrf)
        #expect(sessions.session(a.id)?.role == .admin)
        #expect(sessions.session(nil) == nil && sessions.session("") == nil && sessions.session("nope") == nil)
        let anonymous = sessions.create(role: nil)
        #expect(sessions.session(anonymous.id) == nil, "expired at once")
        sessions.setFlash("done", for: a.id)
        #expect(sessions.takeFlash(for: a.id) == "done")
        #expect(sessions.takeFlash(for: a.id) == nil)
        for _ in 0..<5 { _ = sessions.create(role: .read) }
        #expect(sessions.count <= 3)
        #expect(DashboardSessions.csrfMatches(a.csrf, a))
        #expect(!DashboardSessions.csrfMatches(nil, a))
        #expect(!DashboardSessions.csrfMatches(String(a.csrf.dropLast()), a))
    }

    @Test("under a path prefix: links, forms and the cookie's path carry it; a sign-in stays under it")
    func basePath() async throws {
        let api = try await APIFixture()
        let router = Router()
        HourglassDashboard(scheduler: api.scheduler, access: api.access, basePath: "/hourglass/")
            .addRoutes(to: router.group("hourglass"))
        try await Application(router: router).test(.router) { client in
            let browser = DashboardClient(client: client)
            let first = try await browser.get("/hourglass/nodes")
            #expect(first.location == "/hourglass/login?next=%2Fhourglass%2Fnodes")
            #expect(first.headers[.setCookie]?.contains("Path=/hourglass") == true)
            let login = try await browser.get("/hourglass/login")
            #expect(login.body.contains("action=\"/hourglass/login\""))
            #expect(login.body.contains("href=\"/hourglass/static/dashboard.css?v="))
            let csrf = try #require(login.csrf)
            let outside = try await browser.post("/hourglass/login", ["csrf": csrf, "next": "/other", "token": APIFixture.adminToken])
            #expect(outside.location == "/hourglass/")
            let jobs = try await browser.get("/hourglass/")
            #expect(jobs.status == .ok)
            #expect(jobs.body.contains("href=\"/hourglass/jobs/nightly\""))
        }
    }
}
