import Foundation
import Hourglass
import Hummingbird
import Prometheus

/// The HTTP API of a `Scheduler`, for a Hummingbird router: the JSON API under
/// `/api/v1`, `/health` and `/ready` for probes, and `/metrics` for Prometheus when given
/// a registry (``metrics``).
///
/// Mount it in your own application, next to your routes, under a prefix if you like:
/// ```swift
/// let router = Router()
/// HourglassAPI(scheduler: scheduler, access: try .fromEnvironment())
///     .addRoutes(to: router.group("hourglass"))
/// ```
/// Reading needs a ``APIAccess/Role/read`` or ``APIAccess/Role/admin`` token in an
/// `Authorization: Bearer` header; changes need an admin token. `/health` and `/ready`
/// need none; `/metrics` needs a read token (Prometheus sends one with `authorization`
/// in its scrape configuration). docs/HTTP.md lists every endpoint, docs/Metrics.md the metrics.
public struct HourglassAPI: Sendable {
    /// The scheduler the API shows and steers.
    public let scheduler: Scheduler
    /// Who may read and change.
    public let access: APIAccess
    /// How long `/ready` waits for a store before it reports it as not answering.
    public var storeTimeout: Duration = .seconds(2)
    /// The registry that `GET /metrics` exports in the Prometheus text format (see
    /// ``HourglassPrometheus/bootstrap()``); nil: `/metrics` answers 404.
    public var metrics: PrometheusCollectorRegistry?

    /// The API of `scheduler`, with `access` deciding who may use it, exporting `metrics`
    /// at `/metrics` when given.
    public init(scheduler: Scheduler, access: APIAccess, metrics: PrometheusCollectorRegistry? = nil) {
        self.scheduler = scheduler
        self.access = access
        self.metrics = metrics
    }

    /// Adds the routes to `router` (a `Router`, or a group of one for a path prefix).
    public func addRoutes<Context: RequestContext>(to router: some RouterMethods<Context>) {
        router.get("health") { _, _ in try health() }
        router.get("ready") { _, _ in try await ready() }
        router.get("metrics") { request, _ in try await exportMetrics(request) }
        let api = router.group("api/v1")
        api.get("openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
        api.get("scheduler") { request, _ in
            try authorize(request, .read)
            return try await schedulerState()
        }
        api.get("nodes") { request, _ in
            try authorize(request, .read)
            let store = try QueryParameters(request, known: ["store"]).string("store") ?? Scheduler.defaultName
            return try await call(store) {
                let nodes = try await scheduler.nodes(in: store)
                let now = scheduler.clock.now()
                let items = nodes.map { NodeResource($0, now: now, lease: scheduler.lease, thisNode: scheduler.schedulerID) }
                return try JSONBody.response(Page(items: items, limit: items.count, offset: 0, nextOffset: nil, total: items.count))
            }
        }
        api.get("jobs") { request, _ in
            try authorize(request, .read)
            return try await jobs(try QueryParameters(request, known: ["store", "state", "tag", "handler", "limit", "offset"]))
        }
        api.get("jobs/:id") { request, context in
            try authorize(request, .read)
            let query = try QueryParameters(request, known: ["store", "next"])
            let (id, store) = try jobAddress(context, query)
            let count = try query.integer("next", in: 0...100, default: 5)
            return try await call(store) { try await jobResource(id, store: store, next: count) }
        }
        api.post("jobs/:id/pause") { request, context in
            try authorizeChange(request)
            let (id, store) = try jobAddress(context, try QueryParameters(request, known: ["store"]))
            return try await call(store) {
                _ = try await scheduler.pauseJob(id, in: store)
                return try await jobResource(id, store: store, next: 0)
            }
        }
        api.post("jobs/:id/resume") { request, context in
            try authorizeChange(request)
            let (id, store) = try jobAddress(context, try QueryParameters(request, known: ["store"]))
            return try await call(store) {
                _ = try await scheduler.resumeJob(id, in: store)
                return try await jobResource(id, store: store, next: 0)
            }
        }
        api.post("jobs/:id/run") { request, context in
            try authorizeChange(request)
            let (id, store) = try jobAddress(context, try QueryParameters(request, known: ["store"]))
            return try await call(store) {
                try await scheduler.runNow(id, in: store)
                return try JSONBody.response(["job_id": id.rawValue, "status": "started"], status: .accepted)
            }
        }
        api.delete("jobs/:id") { request, context in
            try authorizeChange(request)
            let (id, store) = try jobAddress(context, try QueryParameters(request, known: ["store"]))
            return try await call(store) {
                try await scheduler.remove(id, in: store)
                return Response(status: .noContent)
            }
        }
        api.get("jobs/:id/runs") { request, context in
            try authorize(request, .read)
            let query = try QueryParameters(request, known: ["store", "limit", "offset"])
            let (id, store) = try jobAddress(context, query)
            let (limit, offset) = try query.paging()
            return try await call(store) {
                let records = try await scheduler.runs(of: id, in: store, limit: offset + limit + 1)
                let items = records.dropFirst(offset).prefix(limit).map { RunResource($0, wholeOutput: false) }
                let more = records.count > offset + limit
                return try JSONBody.response(
                    Page(items: Array(items), limit: limit, offset: offset, nextOffset: more ? offset + limit : nil, total: nil))
            }
        }
        api.get("jobs/:id/runs/:run") { request, context in
            try authorize(request, .read)
            let query = try QueryParameters(request, known: ["store"])
            let (id, store) = try jobAddress(context, query)
            let runText = context.parameters.get("run") ?? ""
            guard let runID = Int64(runText) else { throw APIError.invalidParameter("run", runText, expected: "a run id (a whole number)") }
            return try await call(store) {
                let records = try await scheduler.runs(of: id, in: store, limit: Self.runLookupLimit)
                guard let record = records.first(where: { $0.id == runID }) else {
                    throw APIError(
                        status: .notFound, code: "run_not_found",
                        message: "job '\(APIError.shown(id.rawValue))' has no recorded run \(runID) (the history keeps a limited number)")
                }
                return try JSONBody.response(RunResource(record, wholeOutput: true))
            }
        }
    }

    /// How many of a job's newest runs are searched for one run.
    static var runLookupLimit: Int { 10_000 }

    // MARK: Endpoints

    private func health() throws -> Response {
        let alive = scheduler.isLoopAlive()
        let loop: String
        if alive {
            loop = "ok"
        } else if let last = scheduler.lastLoopPass {
            loop = "no pass of the loop for \(Int(scheduler.clock.now().timeIntervalSince(last))) s"
        } else {
            loop = "the scheduler is not running"
        }
        return try JSONBody.response(
            HealthResource(status: alive ? "ok" : "failing", checks: ["loop": loop]), status: alive ? .ok : .serviceUnavailable)
    }

    private func ready() async throws -> Response {
        var checks: [String: String] = [:]
        var ready = true
        for name in await scheduler.storeNames {
            let answer = await StoreProbe.check(store: name, of: scheduler, timeout: storeTimeout)
            checks["store." + name] = answer ?? "ok"
            if answer != nil { ready = false }
        }
        if !scheduler.isLoopAlive() {
            checks["loop"] = "not running"
            ready = false
        }
        return try JSONBody.response(
            HealthResource(status: ready ? "ok" : "failing", checks: checks), status: ready ? .ok : .serviceUnavailable)
    }

    private func schedulerState() async throws -> Response {
        let running = await scheduler.isRunning
        let paused = await scheduler.isPaused
        return try JSONBody.response(
            SchedulerResource(
                id: scheduler.schedulerID, state: !running ? "stopped" : paused ? "paused" : "running",
                loopAlive: scheduler.isLoopAlive(), lastLoopPass: scheduler.lastLoopPass, stores: await scheduler.storeNames,
                now: scheduler.clock.now()))
    }

    private func jobs(_ query: QueryParameters) async throws -> Response {
        let (limit, offset) = try query.paging()
        let stateChoices = Job.State.allCases.map { $0.rawValue.replacingOccurrences(of: " ", with: "_") }
        let state = try query.choice("state", of: stateChoices)
        let store = try query.string("store")
        var filter = JobFilter(tags: Set(query.strings("tag")))
        filter.handlerName = try query.string("handler")
        if state == "paused" { filter.isPaused = true }
        var listed: [JobResource] = []
        let allStores = await scheduler.storeNames
        for name in store.map({ [$0] }) ?? allStores {
            let found = try await call(name) { try await scheduler.jobs(matching: filter, in: name) }
            listed += found.filter { state == nil || $0.state.rawValue.replacingOccurrences(of: " ", with: "_") == state }
                .map { JobResource($0, store: name) }
        }
        let items = Array(listed.dropFirst(offset).prefix(limit))
        let next = offset + limit < listed.count ? offset + limit : nil
        return try JSONBody.response(Page(items: items, limit: limit, offset: offset, nextOffset: next, total: listed.count))
    }

    private func jobResource(_ id: JobID, store: String, next: Int) async throws -> Response {
        guard let job = try await scheduler.job(id, in: store) else { throw APIError.jobNotFound(id.rawValue, store: store) }
        let times = next > 0 ? try await scheduler.nextRunTimes(id, in: store, count: next) : nil
        return try JSONBody.response(JobResource(job, store: store, nextRunTimes: times))
    }

    // MARK: Helpers

    /// The job a path names, and its store (`store`, default "default").
    private func jobAddress(_ context: some RequestContext, _ query: QueryParameters) throws -> (JobID, String) {
        let raw = context.parameters.get("id") ?? ""
        guard let id = raw.removingPercentEncoding, !id.isEmpty else {
            throw APIError.invalidParameter("id", raw, expected: "a job id, percent-encoded")
        }
        return (JobID(id), try query.string("store") ?? Scheduler.defaultName)
    }

    /// Runs a scheduler call, turning its errors into API errors.
    private func call<Result>(_ store: String, _ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError.from(error, store: store)
        }
    }

    func authorize(_ request: Request, _ needed: APIAccess.Role) throws {
        guard let role = access.role(forAuthorization: request.headers[.authorization]) else { throw APIError.unauthorized }
        guard role >= needed else { throw APIError.forbidden }
    }

    /// An admin's change, from this site: a browser's cross-site request is refused even
    /// when no token is needed (open access), as is one for a host name other than a
    /// loopback one (DNS rebinding).
    private func authorizeChange(_ request: Request) throws {
        try authorize(request, .admin)
        try SameOrigin.check(request, requireLoopbackHost: access.isOpen)
    }
}
