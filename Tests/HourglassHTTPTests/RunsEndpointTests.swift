import Foundation
import Hourglass
import HourglassHTTP
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Testing

@Suite("HTTP API: runs")
struct RunsEndpointTests {
    @Test("run now starts a run; its runs are listed newest first, one run has its whole output")
    func runNowAndHistory() async throws {
        let api = try await APIFixture()
        try await api.test { client in
            for _ in 0..<3 {
                try await client.execute(uri: "/api/v1/jobs/hourly/run", method: .post, headers: APIFixture.admin) { response in
                    #expect(response.status == .accepted)
                }
                await api.fixture.driver.settle()
                await api.fixture.driver.advance(by: .seconds(1))
            }
            let runs = try await api.scheduler.runs(of: "hourly")
            #expect(runs.count == 3)
            let newest = try #require(runs.first)
            var nextOffset: Int?
            try await client.execute(uri: "/api/v1/jobs/hourly/runs?limit=2", method: .get, headers: APIFixture.read) { response in
                #expect(response.status == .ok)
                let page = try json(response)
                let items = try #require(page["items"] as? [[String: Any]])
                #expect(items.count == 2)
                #expect(items.first?["id"] as? String == String(newest.id))
                #expect(items.first?["status"] as? String == "success")
                #expect(items.first?["output_preview"] as? String == "line 1\nline 2 of job hourly")
                #expect(items.first?["output"] == nil)
                nextOffset = page["next_offset"] as? Int
            }
            #expect(nextOffset == 2)
            try await client.execute(uri: "/api/v1/jobs/hourly/runs?limit=2&offset=2", method: .get, headers: APIFixture.read) { response in
                let page = try json(response)
                #expect((page["items"] as? [[String: Any]])?.count == 1)
                #expect(page["next_offset"] == nil || page["next_offset"] is NSNull)
            }
            try await client.execute(uri: "/api/v1/jobs/hourly/runs/\(newest.id)", method: .get, headers: APIFixture.read) { response in
                #expect(response.status == .ok)
                let run = try json(response)
                #expect(run["output"] as? String == "line 1\nline 2 of job hourly")
                #expect(run["node"] as? String == "test")
                #expect(run["job_id"] as? String == "hourly")
            }
            try await client.execute(uri: "/api/v1/jobs/hourly/runs/12345", method: .get, headers: APIFixture.read) { response in
                #expect(response.status == .notFound)
                #expect(errorCode(response) == "run_not_found")
            }
            try await client.execute(uri: "/api/v1/jobs/hourly/runs/latest", method: .get, headers: APIFixture.read) { response in
                #expect(response.status == .badRequest)
                #expect(errorCode(response) == "invalid_parameter")
            }
            try await client.execute(uri: "/api/v1/jobs/missing/run", method: .post, headers: APIFixture.admin) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}

@Suite("HTTP API: scheduler, health and readiness")
struct HealthEndpointTests {
    @Test("health and readiness answer without a token while the loop runs, and fail once it stopped")
    func healthAndReady() async throws {
        let api = try await APIFixture()
        try await api.test { client in
            for path in ["/health", "/ready"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .ok, "\(path)")
                    #expect((try? json(response))?["status"] as? String == "ok")
                }
            }
            try await client.execute(uri: "/api/v1/scheduler", method: .get, headers: APIFixture.read) { response in
                let state = try json(response)
                #expect(state["state"] as? String == "running")
                #expect(state["id"] as? String == "test")
                #expect(state["stores"] as? [String] == ["default"])
            }
            await api.scheduler.shutdown()
            for path in ["/health", "/ready"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .serviceUnavailable, "\(path)")
                    #expect((try? json(response))?["status"] as? String == "failing")
                }
            }
        }
    }
}

@Suite("HTTP API: nodes")
struct NodesEndpointTests {
    @Test("the nodes of the store: this scheduler with its heartbeat, and a node that stopped sending them")
    func nodes() async throws {
        let api = try await APIFixture()
        let store = MemoryJobStore()
        try await api.scheduler.addStore(store, named: "shared")
        await api.fixture.driver.settle()
        let now = api.fixture.clock.now()
        _ = store.heartbeat(owner: "other", aliveUntil: now.addingTimeInterval(-5), now: now, restarted: false)
        try await api.test { client in
            try await client.execute(uri: "/api/v1/nodes?store=shared", method: .get, headers: APIFixture.read) { response in
                #expect(response.status == .ok)
                let items = try #require((try? json(response))?["items"] as? [[String: Any]])
                #expect(items.map { $0["node"] as? String } == ["other", "test"])
                #expect(items.map { $0["alive"] as? Bool } == [false, true])
                #expect(items.map { $0["this_node"] as? Bool } == [false, true])
                #expect(items.last?["last_heartbeat"] as? String == "2026-01-01T00:00:00+00:00")
                #expect(items.last?["runs_in_flight"] as? Int == 0)
            }
            try await client.execute(uri: "/api/v1/nodes?store=missing", method: .get, headers: APIFixture.read) { response in
                #expect(response.status == .notFound)
                #expect(errorCode(response) == "store_not_found")
            }
        }
    }
}

@Suite("HTTP server: unknown endpoints")
struct UnknownEndpointTests {
    @Test("the stand-alone server answers an unknown path or method with the API's JSON 404")
    func unknownEndpoints() async throws {
        let api = try await APIFixture()
        let router = HourglassHTTPServer.router(api: HourglassAPI(scheduler: api.scheduler, access: api.access))
        try await Application(router: router).test(.router) { client in
            for (method, path) in [(HTTPRequest.Method.get, "/api/v2/jobs"), (.put, "/api/v1/jobs/nightly"), (.get, "/")] {
                try await client.execute(uri: path, method: method, headers: APIFixture.read) { response in
                    #expect(response.status == .notFound, "\(method) \(path)")
                    #expect(errorCode(response) == "not_found", "\(method) \(path)")
                    #expect(errorMessage(response).contains("\(method) \(path)"))
                }
            }
        }
    }
}
