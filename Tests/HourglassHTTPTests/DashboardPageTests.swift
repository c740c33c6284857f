import Foundation
import HTTPTypes
import Hourglass
import HourglassHTTP
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Dashboard: pages")
struct DashboardPageTests {
    @Test("the jobs page lists each job with its state, schedule, next run in its zone, and outcomes")
    func jobsPage() async throws {
        let api = try await APIFixture(tokens: false)
        try await api.scheduler.runNow("hourly")
        await api.fixture.driver.settle()
        try await api.dashboard { browser in
            let page = try await browser.get("/")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.headers[.cacheControl] == "no-store")
            #expect(page.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("script-src 'self'") == true)
            let html = page.body
            #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
            #expect(html.contains("<a class=\"job clamp\" href=\"/jobs/nightly\" title=\"nightly\">nightly</a><span class=\"sub clamp\" title=\"Nightly backup\">Nightly backup</span>"))
            #expect(html.contains("<time datetime=\"2026-01-01T03:00:00+01:00\">2026-01-01 03:00 +01:00</time>"))
            #expect(html.contains("in 2 h · Europe/Berlin"))
            #expect(html.contains("<time datetime=\"2026-01-01T00:15:00+00:00\">2026-01-01 00:15 +00:00</time>"))
            #expect(html.contains("At 03:00"))
            #expect(html.contains("<span class=\"state state-paused\">paused</span>"))
            #expect(html.contains("href=\"/jobs/weird%2Fid%20%C3%BC\" title=\"weird/id ü\">weird/id ü</a>"))
            #expect(html.contains("Last 1 runs: 1 success."))
            #expect(html.contains("<li class=\"o-ok\" title=\"success · 2026-01-01 00:00 +00:00\">✓</li>"))
            #expect(html.contains("<caption>"))
            #expect(html.contains("<th scope=\"col\">Next run</th>"))
            #expect(html.contains("aria-current=\"page\">Jobs</a>"))
            #expect(html.contains("3 jobs, 1 paused"))
        }
    }

    @Test("a hostile job id and its output are escaped: no markup, control characters shown")
    func escaping() async throws {
        let api = try await APIFixture(tokens: false)
        let hostile = "<script>alert(\"x\")</script>\u{1b}[31m'&"
        try await api.scheduler.add(
            id: JobID(hostile), name: "<img src=x onerror=alert(1)>", trigger: try IntervalTrigger(every: .seconds(60)), handler: "echo")
        try await api.scheduler.runNow(JobID(hostile))
        await api.fixture.driver.settle()
        let escapedID = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;\\u{1b}[31m&#39;&amp;"
        try await api.dashboard { browser in
            let list = try await browser.get("/")
            #expect(list.status == .ok)
            #expect(!list.body.contains("<script>alert"))
            #expect(!list.body.contains("<img src=x"))
            #expect(!list.body.contains("\u{1b}"))
            #expect(list.body.contains(escapedID))
            #expect(list.body.contains("&lt;img src=x onerror=alert(1)&gt;"))
            let path = "/jobs/%3Cscript%3Ealert%28%22x%22%29%3C%2Fscript%3E%1B%5B31m%27%26"
            #expect(list.body.contains("href=\"\(path)\""))
            let job = try await browser.get(path)
            #expect(job.status == .ok)
            // The id is escaped in the title attribute too: its quotes cannot end the attribute.
            #expect(job.body.contains("<h1 class=\"clamp\" title=\"\(escapedID)\">\(escapedID)</h1>"))
            #expect(!job.body.contains("<script>alert"))
            let run = try #require(try await api.scheduler.runs(of: JobID(hostile)).first)
            let output = try await browser.get("\(path)/runs/\(run.id)")
            #expect(output.status == .ok)
            #expect(output.body.contains("line 1\nline 2 of job \(escapedID)</pre>"))
        }
    }

    @Test("a job's page: facts, next fire times, buttons with the CSRF token, history; a run's page has the whole output")
    func jobAndRunPages() async throws {
        let api = try await APIFixture(tokens: false)
        try await api.scheduler.runNow("nightly")
        await api.fixture.driver.settle()
        let run = try #require(try await api.scheduler.runs(of: "nightly").first)
        try await api.dashboard { browser in
            let page = try await browser.get("/jobs/nightly")
            #expect(page.status == .ok)
            let html = page.body
            #expect(html.contains("<h1 class=\"clamp\" title=\"nightly\">nightly</h1>"))
            #expect(html.contains("<code>cron &#39;0 3 * * *&#39; in Europe/Berlin</code> · At 03:00"))
            #expect(html.contains("<dt>Time zone</dt><dd>Europe/Berlin</dd>"))
            #expect(html.contains("<code>handler &#39;echo&#39;</code>"))
            for day in 1...10 {
                let date = String(format: "2026-01-%02d", day)
                #expect(html.contains("<time datetime=\"\(date)T03:00:00+01:00\">\(date) 03:00 +01:00</time>"), "\(date)")
            }
            let csrf = try #require(page.csrf)
            #expect(csrf.count == 43)
            #expect(html.contains("action=\"/jobs/nightly/pause\"><input type=\"hidden\" name=\"csrf\" value=\"\(csrf)\">"))
            #expect(html.contains("action=\"/jobs/nightly/run\""))
            #expect(!html.contains("/resume\""))
            #expect(html.contains("href=\"/jobs/nightly/runs/\(run.id)\""))
            #expect(html.contains("The last run, newest first; times in Europe/Berlin"))
            #expect(html.contains("<code class=\"preview\">line 1 …</code>"))
            let output = try await browser.get("/jobs/nightly/runs/\(run.id)")
            #expect(output.status == .ok)
            #expect(output.body.contains("<pre class=\"output\" tabindex=\"0\" aria-labelledby=\"output-heading\">line 1\nline 2 of job nightly</pre>"))
            #expect(output.body.contains("<h1>Run of 2026-01-01 01:00 +01:00</h1>"))
            #expect(output.body.contains("<dt>Node</dt><dd><code>test</code></dd>"))
        }
    }

    @Test("unknown jobs and runs are 404 pages; the nodes page shows this node and the store's nodes; static files are served")
    func otherPages() async throws {
        let api = try await APIFixture(tokens: false)
        try await api.dashboard { browser in
            let missing = try await browser.get("/jobs/nope")
            #expect(missing.status == .notFound)
            #expect(missing.headers[.contentType] == "text/html; charset=utf-8")
            #expect(missing.body.contains("There is no job &#39;nope&#39; in store &#39;default&#39;."))
            #expect(try await browser.get("/jobs/nightly/runs/42").status == .notFound)
            #expect(try await browser.get("/jobs/nightly/runs/x").status == .notFound)
            #expect(try await browser.get("/jobs/nightly?store=other").status == .notFound)
            let nodes = try await browser.get("/nodes")
            #expect(nodes.status == .ok)
            #expect(nodes.body.contains("<code>test</code> <span class=\"sub\">this node</span>"))
            #expect(nodes.body.contains("<td data-label=\"Scheduler\">running</td>"))
            #expect(nodes.body.contains("✓</span> alive"))
            #expect(nodes.body.contains("aria-current=\"page\">Nodes</a>"))
            // The store's nodes: this one by its heartbeat, alive, with no run in flight.
            #expect(nodes.body.contains("<td data-label=\"Store\">default</td>"))
            #expect(nodes.body.contains("✓</span> alive</span></td>"))
            #expect(nodes.body.contains("<td data-label=\"Runs in flight\">0</td>"))
            let css = try await browser.get("/static/dashboard.css")
            #expect(css.status == .ok)
            #expect(css.headers[.contentType] == "text/css; charset=utf-8")
            #expect(css.body.contains("@media (max-width: 720px)"))
            let script = try await browser.get("/static/dashboard.js")
            #expect(script.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(script.body.contains("data-live"))
        }
    }

    @Test("pause, resume and run now by form: each changes the store and comes back with a message")
    func formActions() async throws {
        let api = try await APIFixture(tokens: false)
        try await api.dashboard { browser in
            let csrf = try #require(try await browser.get("/jobs/nightly").csrf)
            let paused = try await browser.post("/jobs/nightly/pause", ["csrf": csrf])
            #expect(paused.status == .seeOther)
            #expect(paused.location == "/jobs/nightly")
            #expect(try await api.scheduler.job("nightly")?.isPaused == true)
            let page = try await browser.get("/jobs/nightly")
            #expect(page.body.contains("<p class=\"flash\" role=\"status\">Paused &#39;nightly&#39;.</p>"))
            #expect(page.body.contains("/resume\""))
            #expect(page.body.contains("Paused: no runs until it is resumed."))
            #expect(!(try await browser.get("/jobs/nightly")).body.contains("class=\"flash\""), "a message is shown once")
            let resumed = try await browser.post("/jobs/nightly/resume", ["csrf": csrf])
            #expect(resumed.status == .seeOther)
            #expect(try await api.scheduler.job("nightly")?.isPaused == false)
            #expect(try await browser.get("/jobs/nightly").body.contains("Resumed &#39;nightly&#39;; next run 2026-01-01 03:00 +01:00."))
            let weird = "/jobs/weird%2Fid%20%C3%BC"
            #expect(try await browser.post(weird + "/run", ["csrf": csrf]).location == weird)
            await api.fixture.driver.settle()
            #expect(try await api.scheduler.runs(of: "weird/id ü").count == 1)
            #expect(try await browser.post("/jobs/nope/pause", ["csrf": csrf]).status == .notFound)
        }
    }
}
