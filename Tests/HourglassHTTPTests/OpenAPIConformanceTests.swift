import Foundation
import HTTPTypes
import Hourglass
import HourglassHTTP
import HummingbirdTesting
import Synchronization
import Testing

@Suite("HTTP API: the OpenAPI document")
struct OpenAPIConformanceTests {
    /// One call of the tour: its path template in the document, its URI and method, and who calls.
    struct Call: Sendable {
        let template: String
        let uri: String
        let method: HTTPRequest.Method
        let headers: HTTPFields

        init(_ method: HTTPRequest.Method, _ template: String, _ uri: String? = nil, _ headers: HTTPFields = APIFixture.read) {
            self.template = template
            self.uri = uri ?? template
            self.method = method
            self.headers = headers
        }
    }

    @Test("every answer of a tour of the API, successes and errors, matches the served document; every operation is toured")
    func tour() async throws {
        let api = try await APIFixture(metrics: true)
        let none: HTTPFields = [:]
        let calls: [Call] = [
            Call(.get, "/health", nil, none), Call(.get, "/ready", nil, none), Call(.get, "/metrics"),
            Call(.get, "/metrics", nil, none), Call(.get, "/api/v1/scheduler"),
            Call(.get, "/api/v1/scheduler", nil, none), Call(.get, "/api/v1/nodes"),
            Call(.get, "/api/v1/nodes", "/api/v1/nodes?store=missing"), Call(.get, "/api/v1/nodes", "/api/v1/nodes?x=1"),
            Call(.get, "/api/v1/jobs"), Call(.get, "/api/v1/jobs", "/api/v1/jobs?state=paused&tag=a&handler=echo&limit=1&offset=1"),
            Call(.get, "/api/v1/jobs", "/api/v1/jobs?limit=0"), Call(.get, "/api/v1/jobs/{id}", "/api/v1/jobs/nightly?next=2"),
            Call(.get, "/api/v1/jobs/{id}", "/api/v1/jobs/missing"),
            Call(.post, "/api/v1/jobs/{id}/pause", "/api/v1/jobs/nightly/pause"),
            Call(.post, "/api/v1/jobs/{id}/pause", "/api/v1/jobs/hourly/pause", APIFixture.admin),
            Call(.post, "/api/v1/jobs/{id}/resume", "/api/v1/jobs/hourly/resume", APIFixture.admin),
            Call(.post, "/api/v1/jobs/{id}/run", "/api/v1/jobs/hourly/run", APIFixture.admin),
            Call(.post, "/api/v1/jobs/{id}/run", "/api/v1/jobs/missing/run", APIFixture.admin),
            Call(.get, "/api/v1/jobs/{id}/runs", "/api/v1/jobs/hourly/runs"),
            Call(.get, "/api/v1/jobs/{id}/runs", "/api/v1/jobs/hourly/runs?offset=-1"),
            Call(.get, "/api/v1/jobs/{id}/runs/{run}", "/api/v1/jobs/hourly/runs/1"),
            Call(.get, "/api/v1/jobs/{id}/runs/{run}", "/api/v1/jobs/hourly/runs/x"),
            Call(.delete, "/api/v1/jobs/{id}", "/api/v1/jobs/nightly", APIFixture.admin),
            Call(.delete, "/api/v1/jobs/{id}", "/api/v1/jobs/nightly", APIFixture.admin),
        ]
        let toured = Mutex<Set<String>>([])
        let found = Mutex<[String]>([])
        try await api.test { client in
            let document = try await client.execute(uri: "/api/v1/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                return try JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body))
            }
            #expect(document["openapi"]?.string == "3.1.0")
            let check = SchemaCheck(document: document)
            for call in calls {
                try await client.execute(uri: call.uri, method: call.method, headers: call.headers) { response in
                    let method = call.method.rawValue.lowercased()
                    let status = String(response.status.code)
                    guard let answer = document["paths"]?[call.template]?[method]?["responses"]?[status] else {
                        found.withLock { $0.append("\(call.method) \(call.uri): status \(status) is not in the document") }
                        return
                    }
                    if response.status.code < 300 { toured.withLock { _ = $0.insert("\(method) \(call.template)") } }
                    guard let schema = answer["content"]?["application/json"]?["schema"] else {
                        let type = response.headers[.contentType].map { String($0.prefix { $0 != ";" }) }
                        let documented = type.flatMap { answer["content"]?[$0] } != nil
                        if response.body.readableBytes > 0 && !documented {
                            found.withLock { $0.append("\(call.uri): a body of type \(type ?? "none") where none is documented") }
                        }
                        return
                    }
                    let body = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body))
                    let problems = check.problems(body, against: schema).map { "\(call.method) \(call.uri) → \(status): \($0)" }
                    found.withLock { $0 += problems }
                }
                if call.template.hasSuffix("/run") { await api.fixture.driver.settle() }
            }
            // The runs of the tour's run now: one of them, by its id.
            let run = try #require(try await api.scheduler.runs(of: "hourly").first)
            try await client.execute(uri: "/api/v1/jobs/hourly/runs/\(run.id)", method: .get, headers: APIFixture.read) { response in
                #expect(response.status == .ok)
                let body = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body))
                let schema = try #require(document["paths"]?["/api/v1/jobs/{id}/runs/{run}"]?["get"]?["responses"]?["200"]?["content"]?["application/json"]?["schema"])
                found.withLock { $0 += check.problems(body, against: schema) }
                toured.withLock { _ = $0.insert("get /api/v1/jobs/{id}/runs/{run}") }
            }
            var operations: Set<String> = []
            if case .object(let paths) = document["paths"] {
                for (path, item) in paths {
                    guard case .object(let methods) = item else { continue }
                    for method in methods.keys where path != "/api/v1/openapi.json" { operations.insert("\(method) \(path)") }
                }
            }
            #expect(operations.subtracting(toured.withLock { $0 }).isEmpty, "operations no call of the tour reached")
        }
        #expect(found.withLock { $0 } == [])
    }
}
