import Foundation
import Logging
import Metrics
import Tracing

extension Scheduler {
    /// How a scheduler is set up. Every field has a default.
    public struct Configuration: Sendable {
        /// The zone of cron jobs added with ``Scheduler/add(id:name:cron:options:paused:store:onConflict:_:)``
        /// Default: UTC.
        public var timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .gmt
        /// The source of time. Default: ``SystemClock``; tests use `HourglassTesting.ManualClock`.
        public var clock: any SchedulerClock = SystemClock()
        /// Where the scheduler logs (at debug and trace in normal operation). Default: label "hourglass".
        public var logger = Logger(label: "hourglass")
        /// This scheduler's name as the owner of claims in shared stores. Default: host, process id and a random suffix.
        public var schedulerID: String = Configuration.defaultSchedulerID()
        /// How many due jobs one claim takes from a store. Default: 512.
        public var claimBatchSize = 512
        /// How long a claim lasts before another scheduler may take the job. Also how long a
        /// job whose handler is missing here waits before it is tried again. Default: 60 s.
        public var lease: Duration = .seconds(60)
        /// The longest the loop sleeps before it looks at the clock again, so that wall-clock
        /// jumps are noticed. Default: 1 s.
        public var maxSleep: Duration = .seconds(1)

        /// The store named ``Scheduler/defaultName``, used by every call that names no
        /// store. Default: a new ``MemoryJobStore``. Give a persistent store (HourglassSQLite's
        /// `SQLiteJobStore`, HourglassPostgres's `PostgresJobStore`) to keep the jobs of a
        /// scheduler across restarts without naming a store in each call.
        public var defaultStore: any JobStore = MemoryJobStore()
        /// The executor named ``Scheduler/defaultName``, which runs jobs whose options and
        /// handler name none. Default: a ``TaskExecutor``.
        public var defaultExecutor: any JobExecutor = TaskExecutor()
        /// Where each run's span (`hourglass.run`, one per attempt) goes. Default: nil, the
        /// tracer bootstrapped with `InstrumentationSystem.bootstrap`, as it is when the
        /// scheduler is created (bootstrap first). With none, runs make no spans.
        public var tracer: (any Tracer)?
        /// Where the scheduler's metrics go (docs/Metrics.md lists them). Default: nil, the
        /// factory bootstrapped with `MetricsSystem.bootstrap`, as it is when the scheduler is
        /// created (bootstrap first). With none (swift-metrics' no-op factory), the scheduler
        /// makes no metrics at all and its runs skip them.
        public var metricsFactory: (any MetricsFactory)?

        /// The default configuration.
        public init() {}

        static func defaultSchedulerID() -> String {
            let host = ProcessInfo.processInfo.hostName
            let suffix = UUID().uuidString.prefix(8).lowercased()
            return "\(host)-\(ProcessInfo.processInfo.processIdentifier)-\(suffix)"
        }
    }
}
