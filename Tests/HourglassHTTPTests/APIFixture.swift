import Foundation
import Hourglass
import HourglassHTTP
import HourglassTestSupport
import HourglassTesting
import Hummingbird
import HummingbirdTesting
import Prometheus
import Testing

/// A started scheduler on a manual clock with three jobs, behind the API.
struct APIFixture {
    static let readToken = "read-token-0123456789"
    static let adminToken = "admin-token-0123456789"

    let fixture: SchedulerFixture
    var scheduler: Scheduler { fixture.scheduler }
    let access: APIAccess
    /// The registry of the scheduler's metrics, exported at `/metrics`; nil: none.
    let metrics: PrometheusCollectorRegistry?

    /// With `tokens`, a read and an admin token; without, open access. With `metrics`, the
    /// scheduler reports to a registry of its own (no process-wide bootstrap), which the
    /// API exports.
    init(tokens: Bool = true, metrics: Bool = false) async throws {
        let registry = metrics ? PrometheusCollectorRegistry() : nil
        self.metrics = registry
        fixture = SchedulerFixture { configuration in
            configuration.metricsFactory = registry.map { HourglassPrometheus.factory(registry: $0) }
        }
        access = tokens
            ? APIAccess(tokens: [try .init(Self.readToken, role: .read), try .init(Self.adminToken, role: .admin)]) : .open
        let scheduler = fixture.scheduler
        await scheduler.register("echo") { context in context.recordMessage("line 1\nline 2 of job \(context.jobID)") }
        try await scheduler.add(id: "nightly", name: "Nightly backup", trigger: try CronTrigger("0 3 * * *", timeZone: TimeZone(identifier: "Europe/Berlin")!), handler: "echo")
        try await scheduler.add(id: "hourly", trigger: try CronTrigger("15 * * * *", timeZone: .gmt), handler: "echo", options: JobOptions(tags: ["reports"]))
        try await scheduler.add(id: "weird/id ü", trigger: try IntervalTrigger(every: .seconds(90)), handler: "echo", paused: true)
        try await scheduler.start()
        await fixture.driver.settle()
    }

    /// Runs `test` against an application with the API's routes.
    func test(_ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let router = Router()
        HourglassAPI(scheduler: scheduler, access: access, metrics: metrics).addRoutes(to: router)
        let application = Application(router: router)
        try await application.test(.router) { client in try await test(client) }
    }

    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }
    static var admin: HTTPFields { bearer(adminToken) }
    static var read: HTTPFields { bearer(readToken) }
}

/// A response body as JSON.
func json(_ response: TestResponse) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(buffer: response.body))
    return try #require(object as? [String: Any])
}

/// The error code of a JSON error response; nil if it is not one.
func errorCode(_ response: TestResponse) -> String? {
    ((try? json(response))?["error"] as? [String: Any])?["code"] as? String
}

/// The error message of a JSON error response; empty if it is not one.
func errorMessage(_ response: TestResponse) -> String {
    ((try? json(response))?["error"] as? [String: Any])?["message"] as? String ?? ""
}
