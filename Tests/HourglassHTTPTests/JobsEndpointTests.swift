import Foundation
import Hourglass
import HourglassHTTP
import HummingbirdTesting
import Testing

@Suite("HTTP API: jobs")
struct JobsEndpointTests {
    @Test("the job list pages through every job, with its schedule and next run in its zone")
    func listAndPage() async throws {
        let api = try await APIFixture()
        try await api.test { client in
            try await client.execute(uri: "/api/v1/jobs?limit=2", method: .get, headers: APIFixture.read) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                let page = try json(response)
                let items = try #require(page["items"] as? [[String: Any]])
                #expect(items.map { $0["id"] as? String } == ["hourly", "nightly"])
                #expect(page["total"] as? Int == 3)
                #expect(page["next_offset"] as? Int == 2)
                let nightly = items[1]
                #expect(nightly["name"] as? String == "Nightly backup")
                #expect(nightly["state"] as? String == "scheduled")
                #expect(nightly["time_zone"] as? String == "Europe/Berlin")
                #expect(nightly["schedule_description"] as? String == "At 03:00")
                // 2026-01-01T00:00Z is 01:00 in Berlin, so the next run is 03:00 the same day.
                #expect(nightly["next_run_time"] as? String == "2026-01-01T03:00:00+01:00")
            }
            try await client.execute(uri: "/api/v1/jobs?limit=2&offset=2", method: .get, headers: APIFixture.read) { response in
                let page = try json(response)
                #expect((page["items"] as? [[String: Any]])?.map { $0["id"] as? String } == ["weird/id ü"])
                #expect(page["next_offset"] is NSNull || page["next_offset"] == nil)
            }
        }
    }

    @Test("filters: state, tag and handler")
    func filters() async throws {
        let api = try await APIFixture()
        try await api.test { client in
            let cases: [(String, [String])] = [
                ("state=paused", ["weird/id ü"]), ("state=scheduled", ["hourly", "nightly"]), ("tag=reports", ["hourly"]),
                ("handler=none", []), ("store=default&tag=reports&tag=other", []),
            ]
            for (query, expected) in cases {
                try await client.execute(uri: "/api/v1/jobs?\(query)", method: .get, headers: APIFixture.read) { response in
                    #expect(response.status == .ok, "\(query)")
                    let ids = (try json(response)["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
                    #expect(ids == expected, "\(query)")
                }
            }
        }
    }

    @Test("bad paging values, unknown parameters and repeated ones are 400s that name them")
    func badQueries() async throws {
        let api = try await APIFixture()
        try await api.test { client in
            let cases: [(String, String, String)] = [
                ("limit=0", "invalid_parameter", "limit"), ("limit=501", "invalid_parameter", "limit"),
                ("limit=-1", "invalid_parameter", "limit"), ("limit=abc", "invalid_parameter", "limit"),
                ("limit=99999999999999999999999", "invalid_parameter", "limit"), ("offset=-5", "invalid_parameter", "offset"),
                ("state=sleeping", "invalid_parameter", "state"), ("colour=red", "unknown_parameter", "colour"),
                ("limit=1&limit=2", "invalid_parameter", "limit"),
            ]
            for (query, code, named) in cases {
                try await client.execute(uri: "/api/v1/jobs?\(query)", method: .get, headers: APIFixture.read) { response in
                    #expect(response.status == .badRequest, "\(query)")
                    #expect(errorCode(response) == code, "\(query)")
                    let message = errorMessage(response)
                    #expect(message.contains("'\(named)'"), "\(query): \(message)")
                }
            }
        }
    }

    @Test("one job: its next fire times in its zone, options and trigger; unknown ids and stores are 404s")
    func oneJob() async throws {
        let api = try await APIFixture()
        try await api.test { client in
            try await client.execute(uri: "/api/v1/jobs/nightly?next=3", method: .get, headers: APIFixture.read) { response in
                #expect(response.status == .ok)
                let job = try json(response)
                #expect(
                    job["next_run_times"] as? [String]
                        == ["2026-01-01T03:00:00+01:00", "2026-01-02T03:00:00+01:00", "2026-01-03T03:00:00+01:00"])
                #expect((job["trigger"] as? [String: Any]) != nil)
                #expect((job["options"] as? [String: Any]) != nil)
            }
            try await client.execute(uri: "/api/v1/jobs/weird%2Fid%20%C3%BC", method: .get, headers: APIFixture.read) { response in
                #expect(response.status == .ok)
                #expect((try? json(response))?["state"] as? String == "paused")
            }
            try await client.execute(uri: "/api/v1/jobs/missing", method: .get, headers: APIFixture.read) { response in
                #expect(response.status == .notFound)
                #expect(errorCode(response) == "job_not_found")
            }
            try await client.execute(uri: "/api/v1/jobs/nightly?store=nope", method: .get, headers: APIFixture.read) { response in
                #expect(response.status == .notFound)
                #expect(errorCode(response) == "store_not_found")
            }
            try await client.execute(uri: "/api/v1/jobs/nightly?next=101", method: .get, headers: APIFixture.read) { response in
                #expect(response.status == .badRequest)
            }
            let long = String(repeating: "x", count: 100_000)
            try await client.execute(uri: "/api/v1/jobs/\(long)", method: .get, headers: APIFixture.read) { response in
                #expect(response.status == .notFound)
                let message = errorMessage(response)
                #expect(message.count < 400)
            }
            try await client.execute(uri: "/api/v1/jobs/%0A%1B", method: .get, headers: APIFixture.read) { response in
                #expect(response.status == .notFound)
                let message = errorMessage(response)
                #expect(message.contains("\\u{a}\\u{1b}"))
            }
        }
    }

    @Test("pause, resume and remove change the store and answer with the job")
    func changes() async throws {
        let api = try await APIFixture()
        try await api.test { client in
            try await client.execute(uri: "/api/v1/jobs/nightly/pause", method: .post, headers: APIFixture.admin) { response in
                #expect(response.status == .ok)
                #expect((try? json(response))?["state"] as? String == "paused")
            }
            #expect(try await api.scheduler.job("nightly")?.isPaused == true)
            try await client.execute(uri: "/api/v1/jobs/nightly/resume", method: .post, headers: APIFixture.admin) { response in
                #expect(response.status == .ok)
                #expect((try? json(response))?["state"] as? String == "scheduled")
            }
            #expect(try await api.scheduler.job("nightly")?.isPaused == false)
            try await client.execute(uri: "/api/v1/jobs/nightly", method: .delete, headers: APIFixture.admin) { response in
                #expect(response.status == .noContent)
            }
            #expect(try await api.scheduler.job("nightly") == nil)
            try await client.execute(uri: "/api/v1/jobs/nightly", method: .delete, headers: APIFixture.admin) { response in
                #expect(response.status == .notFound)
                #expect(errorCode(response) == "job_not_found")
            }
            try await client.execute(uri: "/api/v1/jobs/nightly/pause?force=1", method: .post, headers: APIFixture.admin) { response in
                #expect(response.status == .badRequest)
                #expect(errorCode(response) == "unknown_parameter")
            }
        }
    }
}
