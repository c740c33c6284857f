import Foundation
import HTTPTypes
import Hourglass
import HourglassHTTP
import HourglassTestSupport
import HummingbirdTesting
import Testing

@Suite("HTTP API: /metrics in the Prometheus text format")
struct MetricsEndpointTests {
    typealias F = SchedulerFixture

    /// `/metrics`, parsed; fails the test on a status other than 200 or a wrong media type.
    private static func scrape(_ client: some TestClientProtocol, headers: HTTPFields = APIFixture.read) async throws -> PrometheusText {
        try await client.execute(uri: "/metrics", method: .get, headers: headers) { response in
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
            return try PrometheusText(String(buffer: response.body))
        }
    }

    private static func job(_ id: String, _ extra: [String: String] = [:]) -> [String: String] {
        ["job": id, "store": "default"].merging(extra) { $1 }
    }

    @Test("counts match the runs by job and outcome; histograms, in-flight and next fire times agree; no run ids")
    func metricsMatchRuns() async throws {
        let api = try await APIFixture(metrics: true)
        let scheduler = api.scheduler
        let clock = api.fixture.clock
        try await scheduler.add(id: "metrics-ok", trigger: IntervalTrigger(every: .seconds(10), start: F.at(10)), handler: "echo")
        try await scheduler.add(id: "metrics-fail", trigger: IntervalTrigger(every: .seconds(10), start: F.at(10))) { _ in
            throw Failing()
        }
        try await scheduler.add(id: "metrics-slow", trigger: DateTrigger(at: F.at(5))) { _ in
            try await clock.sleep(until: F.at(100))
        }
        try await scheduler.runNow("hourly")
        try await api.fixture.driver.run(until: F.at(35))

        try await api.test { client in
            let page = try await Self.scrape(client)
            #expect(page.types["hourglass_runs_total"] == "counter")
            #expect(page.types["hourglass_run_duration_seconds"] == "histogram")
            #expect(page.types["hourglass_run_lateness_seconds"] == "histogram")
            #expect(page.types["hourglass_runs_in_flight"] == "gauge")
            #expect(page.types["hourglass_job_next_fire_time_seconds"] == "gauge")
            #expect(page.types["hourglass_claim_batch_size"] == "histogram")

            // Each job's counts by outcome are its history's, run for run.
            for id in ["metrics-ok", "metrics-fail", "hourly"] {
                let records = try await scheduler.runs(of: JobID(id)).filter { $0.status != .running }
                #expect(!records.isEmpty)
                for outcome in ["success", "error"] {
                    let expected = records.filter { $0.status.rawValue == outcome }.count
                    #expect(page.value("hourglass_runs_total", Self.job(id, ["outcome": outcome])) == Double(expected), "\(id) \(outcome)")
                }
                let started = Double(records.filter { $0.startedAt != nil }.count)
                #expect(page.value("hourglass_run_duration_seconds_count", Self.job(id)) == started, "\(id)")
                #expect(page.value("hourglass_run_lateness_seconds_count", Self.job(id)) == started, "\(id)")
                #expect(page.value("hourglass_run_duration_seconds_bucket", Self.job(id, ["le": "+Inf"])) == started, "\(id)")
            }
            #expect(page.value("hourglass_runs_total", Self.job("metrics-ok", ["outcome": "success"])) == 3)
            #expect(page.value("hourglass_runs_total", Self.job("metrics-fail", ["outcome": "error"])) == 3)
            #expect(page.value("hourglass_runs_total", Self.job("hourly", ["outcome": "success"])) == 1)

            // The slow run is in flight; its job has run no run to its end.
            #expect(page.value("hourglass_runs_in_flight") == 1)
            #expect(page.value("hourglass_runs_total", Self.job("metrics-slow", ["outcome": "success"])) == 0)

            // Next fire times are the jobs' own, in seconds since 1970; a paused job has none.
            for id in ["metrics-ok", "nightly", "hourly"] {
                let next = try #require(try await scheduler.job(JobID(id))?.nextRunTime)
                #expect(page.value("hourglass_job_next_fire_time_seconds", Self.job(id)) == next.timeIntervalSince1970, "\(id)")
            }
            #expect(page.value("hourglass_job_next_fire_time_seconds", Self.job("metrics-ok")) == F.at(40).timeIntervalSince1970)
            #expect(page.samples(named: "hourglass_job_next_fire_time_seconds").allSatisfy { $0.labels["job"] != "weird/id ü" })

            // Labels name jobs, stores, outcomes and buckets, never a run.
            let labelNames = Set(page.samples.flatMap(\.labels.keys))
            #expect(labelNames.isSubset(of: ["job", "store", "outcome", "operation", "le"]))
            var runIDs: Set<String> = []
            for id in ["metrics-ok", "metrics-fail", "metrics-slow", "hourly"] {
                runIDs.formUnion(try await scheduler.runs(of: JobID(id)).map { String($0.id) })
            }
            #expect(page.samples.allSatisfy { runIDs.isDisjoint(with: $0.labels.values) })

            // Once the slow run ends, nothing is in flight; a removed job's gauge goes.
            await api.fixture.driver.advance(to: F.at(100))
            try await scheduler.remove("metrics-ok")
            let later = try await Self.scrape(client)
            #expect(later.value("hourglass_runs_in_flight") == 0)
            #expect(later.value("hourglass_runs_total", Self.job("metrics-slow", ["outcome": "success"])) == 1)
            #expect(later.value("hourglass_job_next_fire_time_seconds", Self.job("metrics-ok")) == nil)
            #expect(later.value("hourglass_job_next_fire_time_seconds", Self.job("metrics-fail")) != nil)
        }
    }

    @Test("the scrape refreshes next fire times from the store, for changes this scheduler did not make")
    func refreshFromStore() async throws {
        let api = try await APIFixture(metrics: true)
        let shared = MemoryJobStore()
        try await api.scheduler.addStore(shared, named: "shared")
        try await api.scheduler.add(id: "gone", trigger: DateTrigger(at: F.at(400)), handler: "echo", store: "shared")
        // Another process's changes: one job removed, one added, straight in the store.
        _ = shared.remove("gone")
        var added = Job(id: "elsewhere", trigger: try DateTrigger(at: F.at(500)), target: .handler(name: "echo", arguments: nil))
        added.nextRunTime = F.at(500)
        _ = try shared.add(added, onConflict: .fail)
        let labels: @Sendable (String) -> [String: String] = { ["job": $0, "store": "shared"] }
        try await api.test { client in
            let page = try await Self.scrape(client)
            #expect(page.value("hourglass_job_next_fire_time_seconds", labels("gone")) == nil)
            #expect(page.value("hourglass_job_next_fire_time_seconds", labels("elsewhere")) == F.at(500).timeIntervalSince1970)
            #expect(page.value("hourglass_job_next_fire_time_seconds", Self.job("hourly")) != nil)
        }
    }

    @Test("/metrics needs a read token when tokens are set, none on open access, and is 404 without a registry")
    func access() async throws {
        let api = try await APIFixture(metrics: true)
        try await api.test { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
            }
            _ = try await Self.scrape(client, headers: APIFixture.read)
            _ = try await Self.scrape(client, headers: APIFixture.admin)
        }
        let open = try await APIFixture(tokens: false, metrics: true)
        try await open.test { client in
            _ = try await Self.scrape(client, headers: [:])
        }
        let none = try await APIFixture()
        try await none.test { client in
            try await client.execute(uri: "/metrics", method: .get, headers: APIFixture.read) { response in
                #expect(response.status == .notFound)
                #expect(errorCode(response) == "metrics_not_enabled")
            }
        }
    }
}
