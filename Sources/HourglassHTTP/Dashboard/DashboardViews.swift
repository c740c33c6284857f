import Foundation
import Hourglass

// What the templates show. Mustache reads stored properties by name (through Mirror), and
// looks a name up in the enclosing objects when the inner one lacks it or holds nil: so
// each optional here has a name that no enclosing object uses.

/// What every page shows around its content: the layout's fields.
struct DashboardPage {
    let title: String
    let base: String
    let assetVersion: String
    /// The session's token against cross-site requests, for each form.
    let csrf: String
    let flash: String?
    /// Whether the session may pause, resume and run jobs.
    let canChange: Bool
    /// Whether a sign-out button is shown (a session signed in with a token).
    let signedIn: Bool
    let navJobs: Bool
    let navNodes: Bool
    let schedulerID: String
    /// The page's own view: a ``JobsView``, ``JobView``, ...
    let content: Any
}

/// A time in a zone: the text shown, the ISO form for `<time datetime>`, and how far from now.
struct TimeView {
    let text: String
    let iso: String
    let relative: String

    init(_ date: Date, in zone: TimeZone, now: Date?) {
        text = DashboardText.time(date, in: zone)
        iso = DashboardText.isoTime(date, in: zone)
        relative = now.map { DashboardText.relative(date, to: $0) } ?? ""
    }
}

/// How a run ended, as the pages mark it: a CSS class, a symbol beside the word (so that
/// colour is never the only sign) and the word.
struct OutcomeView {
    let kind: String
    let symbol: String
    let label: String
    let when: TimeView
    let runHref: String

    init(_ record: RunRecord, zone: TimeZone, jobHref: String, storeQuery: String) {
        (kind, symbol) = Self.mark(record.status)
        label = record.status.rawValue.replacingOccurrences(of: "_", with: " ")
        when = TimeView(record.startedAt ?? record.scheduledFireTime, in: zone, now: nil)
        runHref = jobHref + "/runs/\(record.id)" + storeQuery
    }

    static func mark(_ status: RunRecord.Status) -> (kind: String, symbol: String) {
        switch status {
        case .success: ("ok", "✓")
        case .error: ("bad", "✗")
        case .timedOut: ("bad", "!")
        case .abandoned: ("bad", "?")
        case .running: ("run", "…")
        case .missed: ("warn", "−")
        case .skipped: ("muted", "»")
        case .cancelled: ("muted", "∅")
        }
    }
}

/// The jobs page.
struct JobsView {
    let jobs: [JobRow]
    let hasJobs: Bool
    let summary: String
    let previousPage: String?
    let nextPage: String?
}

/// A row of the jobs page.
struct JobRow {
    let id: String
    let href: String
    let displayName: String?
    let storeName: String?
    let state: String
    let stateClass: String
    let schedule: String
    let scheduleWords: String?
    let zone: String
    let nextRun: TimeView?
    let lastRun: OutcomeView?
    let strip: [OutcomeView]
    let hasStrip: Bool
    let stripSummary: String
}

/// The job page.
struct JobView {
    let id: String
    let href: String
    let displayName: String?
    let storeName: String
    let storeQuery: String
    let state: String
    let stateClass: String
    let paused: Bool
    let schedule: String
    let scheduleWords: String?
    let zone: String
    let target: String
    let tags: String?
    let nextRuns: [TimeView]
    let hasNextRuns: Bool
    let noNextRuns: String
    let runs: [RunRow]
    let hasRuns: Bool
    let runsCaption: String
}

/// A row of a job's history.
struct RunRow {
    let outcome: OutcomeView
    let fire: TimeView
    let started: String
    let duration: String
    let attempt: Int
    let node: String
    let preview: String
}

/// The page of one run, with its whole output.
struct RunView {
    let jobID: String
    let jobHref: String
    let runID: String
    let outcome: OutcomeView
    let fire: TimeView
    let started: String
    let finished: String
    let duration: String
    let attempt: Int
    let node: String
    let zone: String
    let output: String?
    let hasOutput: Bool
}

/// The nodes page: this scheduler, and every node that sends heartbeats to its stores.
struct NodesView {
    let nodeID: String
    let schedulerState: String
    let loopAlive: Bool
    let loopText: String
    let lastPass: TimeView?
    let stores: String
    let cluster: [ClusterNodeView]
    /// Stores that could not be asked, and why.
    let clusterErrors: [String]
}

/// A node as a store knows it from its heartbeats.
struct ClusterNodeView {
    let store: String
    let node: String
    let isThisNode: Bool
    let alive: Bool
    let lastHeartbeat: TimeView
    let runsInFlight: Int
}

/// The sign-in page.
struct LoginView {
    let next: String
    let loginError: String?
}

/// A page that says what went wrong.
struct ErrorView {
    let heading: String
    let message: String
}

extension Job.State {
    /// The CSS class of the state's badge.
    var cssClass: String {
        switch self {
        case .scheduled: "scheduled"
        case .paused: "paused"
        case .unrunnable: "unrunnable"
        case .atStart: "at-start"
        case .finished: "finished"
        }
    }
}
