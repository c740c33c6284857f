/// How a job runs: misfire grace, coalescing, concurrency, executor, timeout, retry, tags.
///
/// Options are stored by reference and shared until changed, so a million jobs with the
/// default options cost one copy of them.
public struct JobOptions: Hashable, Sendable, Codable {
    struct Values: Hashable, Sendable, Codable {  // coding: JobOptions+Codable.swift
        var misfireGraceTime: Duration? = nil
        var coalesce: CoalescePolicy = .latest
        var catchUpLimit: Int = 100
        var maxConcurrentRuns: Int = 1
        var overflow: OverflowPolicy = .skip
        var executor: String? = nil
        var timeout: Duration? = nil
        var retry: RetryPolicy? = nil
        var tags: Set<String> = []
        var metadata: [String: String] = [:]
        var recoverAbandonedRuns = false
    }

    /// Immutable shared storage; every setter makes a new one.
    final class Storage: Sendable {
        let values: Values
        init(_ values: Values) { self.values = values }
        static let defaults = Storage(Values())
    }

    private var storage: Storage

    /// The default options.
    public init() {
        storage = .defaults
    }

    /// Options with the given values; unnamed ones keep their defaults.
    public init(
        misfireGraceTime: Duration? = nil, coalesce: CoalescePolicy = .latest, catchUpLimit: Int = 100,
        maxConcurrentRuns: Int = 1, overflow: OverflowPolicy = .skip, executor: String? = nil,
        timeout: Duration? = nil, retry: RetryPolicy? = nil, tags: Set<String> = [], metadata: [String: String] = [:],
        recoverAbandonedRuns: Bool = false
    ) {
        let values = Values(
            misfireGraceTime: misfireGraceTime, coalesce: coalesce, catchUpLimit: catchUpLimit,
            maxConcurrentRuns: maxConcurrentRuns, overflow: overflow, executor: executor, timeout: timeout,
            retry: retry, tags: tags, metadata: metadata, recoverAbandonedRuns: recoverAbandonedRuns)
        storage = values == Values() ? .defaults : Storage(values)
    }

    private var values: Values {
        get { storage.values }
        set { storage = Storage(newValue) }
    }

    /// How late a run may start and still run; nil (the default) runs it however late.
    public var misfireGraceTime: Duration? {
        get { values.misfireGraceTime }
        set { values.misfireGraceTime = newValue }
    }
    /// Which of several due runs to run (default ``CoalescePolicy/latest``).
    public var coalesce: CoalescePolicy {
        get { values.coalesce }
        set { values.coalesce = newValue }
    }
    /// With ``CoalescePolicy/all``, at most this many due runs are run at once; later ones
    /// are reported missed (default 100).
    public var catchUpLimit: Int {
        get { values.catchUpLimit }
        set { values.catchUpLimit = newValue }
    }
    /// How many runs of this job may be going at once (default 1): in this scheduler on a
    /// memory store, across every scheduler that shares a persistent store.
    public var maxConcurrentRuns: Int {
        get { values.maxConcurrentRuns }
        set { values.maxConcurrentRuns = newValue }
    }
    /// What happens to a run beyond ``maxConcurrentRuns`` (default ``OverflowPolicy/skip``).
    public var overflow: OverflowPolicy {
        get { values.overflow }
        set { values.overflow = newValue }
    }
    /// The name of the executor that runs this job; nil (the default) uses the handler's
    /// choice, else the scheduler's default executor.
    public var executor: String? {
        get { values.executor }
        set { values.executor = newValue }
    }
    /// A run that takes longer is cancelled and reported as timed out; nil (the default) for no limit.
    public var timeout: Duration? {
        get { values.timeout }
        set { values.timeout = newValue }
    }
    /// How a run that throws is tried again; nil (the default) for no retry.
    public var retry: RetryPolicy? {
        get { values.retry }
        set { values.retry = newValue }
    }
    /// Free-form labels to filter jobs on (default none).
    public var tags: Set<String> {
        get { values.tags }
        set { values.tags = newValue }
    }
    /// Free-form key-value data kept with the job (default none).
    public var metadata: [String: String] {
        get { values.metadata }
        set { values.metadata = newValue }
    }
    /// Whether a run that was in flight when its scheduler died runs again, for the same
    /// fire time, once another scheduler (or the same one, restarted) finds it abandoned.
    /// For idempotent work that must not be skipped. Default: false, so an abandoned run is
    /// only recorded.
    public var recoverAbandonedRuns: Bool {
        get { values.recoverAbandonedRuns }
        set { values.recoverAbandonedRuns = newValue }
    }

    /// Checks every value and throws an error naming the first bad one: spans must be at
    /// most ``TimeLimits/maximumSpan`` and the retry multiplier a finite number of 1 or more.
    public func validate() throws(SchedulerError) {
        if let grace = misfireGraceTime, grace < .zero {
            throw .invalidArgument("misfireGraceTime", "is negative; use zero or more, or nil to run however late")
        }
        try Self.check(span: misfireGraceTime, field: "misfireGraceTime")
        try Self.check(span: timeout, field: "timeout")
        if catchUpLimit < 1 { throw .invalidArgument("catchUpLimit", "is \(catchUpLimit); it must be at least 1") }
        if maxConcurrentRuns < 1 {
            throw .invalidArgument("maxConcurrentRuns", "is \(maxConcurrentRuns); it must be at least 1")
        }
        if let timeout, timeout <= .zero { throw .invalidArgument("timeout", "is \(timeout); it must be positive") }
        if let retry {
            if retry.maxAttempts < 1 {
                throw .invalidArgument("retry.maxAttempts", "is \(retry.maxAttempts); it must be at least 1")
            }
            if retry.initialBackoff < .zero || retry.maximumBackoff < .zero {
                throw .invalidArgument("retry", "has a negative back-off; back-off must not shrink")
            }
            try Self.check(span: retry.initialBackoff, field: "retry.initialBackoff")
            try Self.check(span: retry.maximumBackoff, field: "retry.maximumBackoff")
            if !retry.multiplier.isFinite || !(retry.multiplier >= 1) {
                throw .invalidArgument(
                    "retry.multiplier", "is \(retry.multiplier); it must be a finite number of 1 or more, so that back-off does not shrink")
            }
        }
    }

    /// Refuses a span longer than ``TimeLimits/maximumSpan``, naming `field` and the span.
    private static func check(span: Duration?, field: String) throws(SchedulerError) {
        if let span, let problem = TimeLimits.problem(with: span) {
            throw .invalidArgument(field, "is \(DurationText.format(span)), which \(problem)")
        }
    }

    public static func == (lhs: JobOptions, rhs: JobOptions) -> Bool {
        lhs.storage === rhs.storage || lhs.values == rhs.values
    }

    public func hash(into hasher: inout Hasher) { values.hash(into: &hasher) }

    /// Reads stored options; values that ``validate()`` refuses are a `DecodingError`.
    public init(from decoder: any Decoder) throws {
        let values = try Values(from: decoder)
        storage = values == Values() ? .defaults : Storage(values)
        do {
            try validate()
        } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: error.description, underlyingError: error))
        }
    }

    public func encode(to encoder: any Encoder) throws { try values.encode(to: encoder) }
}

extension JobOptions: StoredJSONWritable {
    /// What ``encode(to:)`` writes.
    package func storedJSONObject() -> StoredJSONObject? { values.storedJSONObject() }
}
