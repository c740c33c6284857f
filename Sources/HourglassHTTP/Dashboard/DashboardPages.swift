import Foundation
import Hourglass
import Hummingbird

extension HourglassDashboard {
    /// How many jobs the jobs page lists at once.
    static let jobsPerPage = 100
    /// How many outcomes a job's strip shows.
    static let stripLength = 20
    /// How many runs a job's page lists.
    static let historyLength = 50
    /// How many fire times a job's page lists.
    static let nextRunCount = 10

    func jobsPage(_ request: Request) async -> Response {
        await page(request, section: .jobs) { () throws(DashboardFailure) in
            let offset = request.uri.queryParameters["offset"].flatMap { Int($0) }.map { max(0, $0) } ?? 0
            return ("jobs", "Jobs", try await jobsView(offset: offset))
        }
    }

    func jobPage(_ request: Request, id raw: String?) async -> Response {
        await page(request, section: .jobs) { () throws(DashboardFailure) in
            let (id, store) = try jobAddress(request, raw)
            let view = try await jobView(id, store: store)
            return ("job", "Job " + view.id, view)
        }
    }

    func runPage(_ request: Request, id raw: String?, run: String?) async -> Response {
        await page(request, section: .jobs) { () throws(DashboardFailure) in
            let (id, store) = try jobAddress(request, raw)
            guard let runID = run.flatMap({ Int64($0) }) else {
                throw DashboardFailure(status: .notFound, heading: "Not found", message: "This address names no run.")
            }
            let view = try await runView(id, store: store, run: runID)
            return ("run", "Run of " + view.jobID, view)
        }
    }

    func nodesPage(_ request: Request) async -> Response {
        await page(request, section: .nodes) { () throws(DashboardFailure) in
            ("nodes", "Nodes", await nodesView())
        }
    }

    // MARK: Views

    func jobsView(offset: Int) async throws(DashboardFailure) -> JobsView {
        let now = scheduler.clock.now()
        let storeNames = await scheduler.storeNames
        var all: [(job: Job, store: String)] = []
        for store in storeNames {
            all += try await call(store) { try await scheduler.jobs(in: store) }.map { ($0, store) }
        }
        var rows: [JobRow] = []
        for (job, store) in all.dropFirst(offset).prefix(Self.jobsPerPage) {
            let runs = try await call(store) { try await scheduler.runs(of: job.id, in: store, limit: Self.stripLength) }
            rows.append(jobRow(job, store: store, runs: runs, showStore: storeNames.count > 1, now: now))
        }
        let paused = all.count { $0.job.isPaused }
        var summary = all.isEmpty ? "No jobs yet." : all.count == 1 ? "1 job" : "\(all.count) jobs"
        if paused > 0 { summary += ", \(paused) paused" }
        if all.count > Self.jobsPerPage {
            summary += "; showing \(offset + 1) to \(offset + rows.count)"
        }
        let base = basePath + "/?offset="
        return JobsView(
            jobs: rows, hasJobs: !rows.isEmpty, summary: summary,
            previousPage: offset > 0 ? base + String(max(0, offset - Self.jobsPerPage)) : nil,
            nextPage: offset + Self.jobsPerPage < all.count ? base + String(offset + Self.jobsPerPage) : nil)
    }

    private func jobRow(_ job: Job, store: String, runs: [RunRecord], showStore: Bool, now: Date) -> JobRow {
        let zone = job.trigger.timeZone ?? .gmt
        let (href, storeQuery) = jobLink(job.id, store: store)
        let outcomes = runs.reversed().map { OutcomeView($0, zone: zone, jobHref: href, storeQuery: storeQuery) }
        var counts: [(label: String, count: Int)] = []
        for outcome in outcomes {
            if let index = counts.firstIndex(where: { $0.label == outcome.label }) {
                counts[index].count += 1
            } else {
                counts.append((outcome.label, 1))
            }
        }
        let summary = outcomes.isEmpty
            ? "No runs yet."
            : "Last \(outcomes.count) runs: " + counts.map { "\($0.count) \($0.label)" }.joined(separator: ", ") + "."
        return JobRow(
            id: DashboardText.visible(job.id.rawValue), href: href + storeQuery, displayName: displayName(of: job),
            storeName: showStore ? DashboardText.visible(store) : nil, state: job.state.rawValue, stateClass: job.state.cssClass,
            schedule: DashboardText.visible(job.trigger.description), scheduleWords: scheduleWords(of: job),
            zone: DashboardText.zoneName(zone), nextRun: job.nextRunTime.map { TimeView($0, in: zone, now: now) },
            lastRun: outcomes.last, strip: outcomes, hasStrip: !outcomes.isEmpty, stripSummary: summary)
    }

    func jobView(_ id: JobID, store: String) async throws(DashboardFailure) -> JobView {
        let now = scheduler.clock.now()
        guard let job = try await call(store, { try await scheduler.job(id, in: store) }) else {
            throw DashboardFailure(
                status: .notFound, heading: "Not found",
                message: "There is no job '\(DashboardText.visible(id.rawValue))' in store '\(DashboardText.visible(store))'.")
        }
        let next = try await call(store) { try await scheduler.nextRunTimes(id, in: store, count: Self.nextRunCount) }
        let runs = try await call(store) { try await scheduler.runs(of: id, in: store, limit: Self.historyLength) }
        let zone = job.trigger.timeZone ?? .gmt
        let (href, storeQuery) = jobLink(id, store: store)
        let noNextRuns = switch job.state {
        case .paused: "Paused: no runs until it is resumed."
        case .atStart: "It runs when the daemon starts."
        default: "Its trigger has no more fire times."
        }
        let zoneName = DashboardText.zoneName(zone)
        return JobView(
            id: DashboardText.visible(id.rawValue), href: href, displayName: displayName(of: job),
            storeName: DashboardText.visible(store), storeQuery: storeQuery, state: job.state.rawValue,
            stateClass: job.state.cssClass, paused: job.isPaused, schedule: DashboardText.visible(job.trigger.description),
            scheduleWords: scheduleWords(of: job), zone: zoneName, target: DashboardText.visible(targetDescription(job)),
            tags: job.options.tags.isEmpty ? nil : DashboardText.visible(job.options.tags.sorted().joined(separator: ", ")),
            nextRuns: next.map { TimeView($0, in: zone, now: now) }, hasNextRuns: !next.isEmpty, noNextRuns: noNextRuns,
            runs: runs.map { runRow($0, zone: zone, href: href, storeQuery: storeQuery) }, hasRuns: !runs.isEmpty,
            runsCaption: "The last \(runs.count == 1 ? "run" : "\(runs.count) runs"), newest first; times in \(zoneName)")
    }

    private func runRow(_ record: RunRecord, zone: TimeZone, href: String, storeQuery: String) -> RunRow {
        RunRow(
            outcome: OutcomeView(record, zone: zone, jobHref: href, storeQuery: storeQuery),
            fire: TimeView(record.scheduledFireTime, in: zone, now: nil),
            started: record.startedAt.map { DashboardText.time($0, in: zone) } ?? "not started",
            duration: duration(of: record), attempt: record.attempt, node: DashboardText.visible(record.owner),
            preview: preview(of: record.message))
    }

    func runView(_ id: JobID, store: String, run: Int64) async throws(DashboardFailure) -> RunView {
        let records = try await call(store) { try await scheduler.runs(of: id, in: store, limit: HourglassAPI.runLookupLimit) }
        guard let record = records.first(where: { $0.id == run }) else {
            throw DashboardFailure(
                status: .notFound, heading: "Not found",
                message: "Job '\(DashboardText.visible(id.rawValue))' has no recorded run \(run) (the history keeps a limited number).")
        }
        let job = try? await scheduler.job(id, in: store)
        let zone = job?.trigger.timeZone ?? .gmt
        let (href, storeQuery) = jobLink(id, store: store)
        let output = record.message.flatMap { $0.isEmpty ? nil : DashboardText.visible($0, keepingLines: true) }
        return RunView(
            jobID: DashboardText.visible(id.rawValue), jobHref: href + storeQuery, runID: String(record.id),
            outcome: OutcomeView(record, zone: zone, jobHref: href, storeQuery: storeQuery),
            fire: TimeView(record.scheduledFireTime, in: zone, now: nil),
            started: record.startedAt.map { DashboardText.time($0, in: zone) } ?? "not started",
            finished: record.finishedAt.map { DashboardText.time($0, in: zone) } ?? "not yet", duration: duration(of: record),
            attempt: record.attempt, node: DashboardText.visible(record.owner), zone: DashboardText.zoneName(zone),
            output: output, hasOutput: output != nil)
    }

    func nodesView() async -> NodesView {
        let now = scheduler.clock.now()
        let running = await scheduler.isRunning
        let paused = await scheduler.isPaused
        let alive = scheduler.isLoopAlive()
        let last = scheduler.lastLoopPass
        let loopText = alive ? "alive" : last.map { "no pass for \(DashboardText.span(seconds: Int(now.timeIntervalSince($0))))" } ?? "not running"
        let storeNames = await scheduler.storeNames
        var cluster: [ClusterNodeView] = []
        var errors: [String] = []
        for store in storeNames {
            do {
                for node in try await scheduler.nodes(in: store) {
                    cluster.append(
                        ClusterNodeView(
                            store: DashboardText.visible(store), node: DashboardText.visible(node.owner),
                            isThisNode: node.owner == scheduler.schedulerID, alive: node.aliveUntil > now,
                            lastHeartbeat: TimeView(node.lastHeartbeat(lease: scheduler.lease), in: .gmt, now: now),
                            runsInFlight: node.runningRuns))
                }
            } catch {
                errors.append("store '\(DashboardText.visible(store))' did not answer; see the server's log")
            }
        }
        return NodesView(
            nodeID: DashboardText.visible(scheduler.schedulerID), schedulerState: !running ? "stopped" : paused ? "paused" : "running",
            loopAlive: alive, loopText: loopText, lastPass: last.map { TimeView($0, in: .gmt, now: now) },
            stores: DashboardText.visible(storeNames.joined(separator: ", ")), cluster: cluster, clusterErrors: errors)
    }

    // MARK: Pieces

    private func displayName(of job: Job) -> String? {
        guard let name = job.name, name != job.id.rawValue else { return nil }
        return DashboardText.visible(name)
    }

    private func scheduleWords(of job: Job) -> String? {
        (job.trigger.base as? CronTrigger).map { DashboardText.visible($0.expression.humanDescription) }
    }

    private func duration(of record: RunRecord) -> String {
        guard let started = record.startedAt else { return "–" }
        guard let finished = record.finishedAt else { return "running" }
        return DashboardText.duration(finished.timeIntervalSince(started))
    }

    /// The first line of a run's message, cut to 100 characters.
    private func preview(of message: String?) -> String {
        guard let message else { return "" }
        let lines = message.split(whereSeparator: \.isNewline)
        guard let first = lines.first else { return "" }
        let line = DashboardText.preview(String(first), limit: 100)
        return lines.count > 1 && !line.hasSuffix("…") ? line + " …" : line
    }
}
