import Foundation
import HTTPTypes
import Hourglass
import HourglassHTTP
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Dashboard: sign-in, sessions and cross-site requests")
struct DashboardAccessTests {
    @Test("with tokens, pages send a browser to the sign-in form; a token signs it in with a new session cookie")
    func signIn() async throws {
        let api = try await APIFixture()
        try await api.dashboard { browser in
            let first = try await browser.get("/jobs/nightly")
            #expect(first.status == .seeOther)
            #expect(first.location == "/login?next=%2Fjobs%2Fnightly")
            let cookie = try #require(first.headers[.setCookie])
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            #expect(cookie.contains("Path=/"))
            #expect(cookie.contains("Max-Age="))
            let login = try await browser.get("/login?next=%2Fjobs%2Fnightly")
            #expect(login.status == .ok)
            #expect(login.body.contains("<label for=\"token\">API token</label>"))
            #expect(!login.body.contains("nightly</a>"), "no job before a sign-in")
            let csrf = try #require(login.csrf)
            #expect(login.field("next") == "/jobs/nightly")
            let anonymous = try #require(browser.session)

            let wrong = try await browser.post("/login", ["csrf": csrf, "next": "/jobs/nightly", "token": "wrong-token-0123456789"])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.body.contains("That token is not accepted."))
            #expect(wrong.body.contains("aria-invalid=\"true\""))
            let noCSRF = try await browser.post("/login", ["next": "/", "token": APIFixture.adminToken])
            #expect(noCSRF.status == .forbidden)
            #expect(browser.session != nil)

            let fresh = try #require(try await browser.get("/login").csrf)
            let signedIn = try await browser.post("/login", ["csrf": fresh, "next": "/jobs/nightly", "token": APIFixture.adminToken])
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.location == "/jobs/nightly")
            #expect(browser.session != anonymous)
            let page = try await browser.get("/jobs/nightly")
            #expect(page.status == .ok)
            #expect(page.body.contains("Sign out"))
            #expect(page.body.contains("/pause\""))
            #expect(try await browser.get("/login").location == "/", "signed in: the form is skipped")

            // The session before the sign-in is worth nothing now.
            let stale = try await browser.get("/", headers: [.cookie: "hourglass_session=\(anonymous)"])
            #expect(stale.status == .seeOther)
        }
    }

    @Test("a sign-in goes only to a page of this dashboard")
    func nextIsLocal() async throws {
        let api = try await APIFixture()
        try await api.dashboard { browser in
            for next in ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"] {
                let csrf = try #require(try await browser.get("/login").csrf)
                let response = try await browser.post("/login", ["csrf": csrf, "next": next, "token": APIFixture.readToken])
                #expect(response.location == "/", "\(next)")
                let signOut = try #require(try await browser.get("/").csrf)
                #expect(try await browser.post("/logout", ["csrf": signOut]).location == "/login")
            }
        }
    }

    @Test("a read token shows the pages without buttons, and its POSTs are refused")
    func readRole() async throws {
        let api = try await APIFixture()
        try await api.dashboard { browser in
            let csrf = try #require(try await browser.get("/login").csrf)
            _ = try await browser.post("/login", ["csrf": csrf, "next": "/", "token": APIFixture.readToken])
            let page = try await browser.get("/jobs/nightly")
            #expect(page.status == .ok)
            #expect(!page.body.contains("/pause\""))
            #expect(page.body.contains("need an admin token"))
            let session = try #require(page.csrf)
            let refused = try await browser.post("/jobs/nightly/pause", ["csrf": session])
            #expect(refused.status == .forbidden)
            #expect(try await api.scheduler.job("nightly")?.isPaused == false)
        }
    }

    @Test("a POST without the session's CSRF token, with another's, or from another site is 403 and changes nothing")
    func csrf() async throws {
        let api = try await APIFixture()
        try await api.dashboard { browser in
            let login = try #require(try await browser.get("/login").csrf)
            _ = try await browser.post("/login", ["csrf": login, "next": "/", "token": APIFixture.adminToken])
            let csrf = try #require(try await browser.get("/jobs/nightly").csrf)
            let session = try #require(browser.session)
            let cases: [(KeyValuePairs<String, String>, HTTPFields, String)] = [
                ([:], [:], "no token"),
                (["csrf": ""], [:], "an empty token"),
                (["csrf": String(csrf.dropLast()) + (csrf.hasSuffix("A") ? "B" : "A")], [:], "a wrong token"),
                (["csrf": csrf + "x"], [:], "a longer token"),
                (["csrf": login], [:], "the token of the session before the sign-in"),
                (["csrf": csrf], [.origin: "http://evil.example"], "another origin"),
                (["csrf": csrf], [HTTPField.Name("Sec-Fetch-Site")!: "cross-site"], "a cross-site fetch"),
                (["csrf": csrf], [.cookie: "hourglass_session=someone-else"], "no session"),
            ]
            for (fields, headers, what) in cases {
                let response = try await browser.post("/jobs/nightly/pause", fields, headers: headers)
                #expect(response.status == .forbidden, "\(what)")
                #expect(response.headers[.contentType] == "text/html; charset=utf-8", "\(what)")
                #expect(try await api.scheduler.job("nightly")?.isPaused == false, "\(what)")
            }
            #expect(browser.session != nil)
            // A bearer token does not stand in for the form's token.
            let bearer = try await browser.post("/jobs/nightly/pause", [:], headers: APIFixture.admin)
            #expect(bearer.status == .forbidden)
            browser.session = session
            let accepted = try await browser.post("/jobs/nightly/pause", ["csrf": csrf], headers: [.origin: "http://localhost"])
            #expect(accepted.status == .seeOther)
            #expect(try await api.scheduler.job("nightly")?.isPaused == true)
        }
    }

    @Test("sign-out ends the session: its cookie no longer opens a page")
    func signOut() async throws {
        let api = try await APIFixture()
        try await api.dashboard { browser in
            let login = try #require(try await browser.get("/login").csrf)
            _ = try await browser.post("/login", ["csrf": login, "next": "/", "token": APIFixture.adminToken])
            let session = try #require(browser.session)
            let csrf = try #require(try await browser.get("/").csrf)
            #expect(try await browser.post("/logout", ["csrf": "wrong"]).status == .forbidden)
            let out = try await browser.post("/logout", ["csrf": csrf])
            #expect(out.status == .seeOther)
            #expect(out.location == "/login")
            #expect(out.headers[.setCookie]?.contains("Max-Age=0") == true)
            #expect(try await browser.get("/", headers: [.cookie: "hourglass_session=\(session)"]).status == .seeOther)
        }
    }

    @Test("open access: no sign-in, but an anonymous session whose token every POST needs")
    func openAccess() async throws {
        let api = try await APIFixture(tokens: false)
        try await api.dashboard { browser in
            #expect(try await browser.get("/login").location == "/")
            let page = try await browser.get("/")
            #expect(page.status == .ok)
            #expect(!page.body.contains("Sign out"))
            #expect(browser.session != nil)
            #expect(try await browser.post("/jobs/nightly/pause").status == .forbidden)
            #expect(try await api.scheduler.job("nightly")?.isPaused == false)
        }
    }
}
