import Foundation

/// What a job does with several due runs after downtime or a pause.
public struct CoalescePolicy: Hashable, Sendable, Codable, CustomStringConvertible {
    enum Kind: String, Codable { case latest, earliest, all }
    let kind: Kind

    /// Run once, for the latest due fire time (the default).
    public static let latest = CoalescePolicy(kind: .latest)
    /// Run once, for the earliest due fire time.
    public static let earliest = CoalescePolicy(kind: .earliest)
    /// Run every due fire time, up to ``JobOptions/catchUpLimit`` of them.
    public static let all = CoalescePolicy(kind: .all)

    public var description: String { kind.rawValue }

    public init(from decoder: any Decoder) throws {
        kind = try Kind(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        try kind.encode(to: encoder)
    }

    init(kind: Kind) { self.kind = kind }
}

/// What happens to a due run while a job already has ``JobOptions/maxConcurrentRuns`` runs going.
public struct OverflowPolicy: Hashable, Sendable, Codable, CustomStringConvertible {
    enum Kind: String, Codable { case skip, queue }
    let kind: Kind

    /// Skip the run and report ``SchedulerEvent/Kind/maxInstancesReached`` (the default).
    public static let skip = OverflowPolicy(kind: .skip)
    /// Hold the run until a running one finishes.
    public static let queue = OverflowPolicy(kind: .queue)

    public var description: String { kind.rawValue }

    public init(from decoder: any Decoder) throws {
        kind = try Kind(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        try kind.encode(to: encoder)
    }

    init(kind: Kind) { self.kind = kind }
}

/// What `add` does when a job with the same id exists.
public struct ConflictPolicy: Hashable, Sendable, CustomStringConvertible {
    enum Kind: String { case fail, replace, keepExisting, update }
    let kind: Kind

    /// Throw ``SchedulerError/Code/jobExists`` (the default).
    public static let fail = ConflictPolicy(kind: .fail)
    /// Replace the existing job.
    public static let replace = ConflictPolicy(kind: .replace)
    /// Keep the existing job and return it unchanged.
    public static let keepExisting = ConflictPolicy(kind: .keepExisting)
    /// Bring the existing job in line with the one added, as the daemon syncs its file:
    /// keep it when nothing changed; otherwise replace it, keeping its next run time when
    /// the trigger did not change. The existing job's pause state is kept (pause and
    /// resume it with ``Scheduler/pauseJob(_:in:)`` and ``Scheduler/resumeJob(_:in:from:)``).
    ///
    /// The policy for code that adds its jobs at every start: the second start neither
    /// fails nor moves a job's next run. In a persistent store the comparison and the
    /// change happen in one transaction.
    public static let update = ConflictPolicy(kind: .update)

    public var description: String { kind.rawValue }
}

/// How often and how soon a run that throws is tried again.
public struct RetryPolicy: Hashable, Sendable, Codable {
    /// Total attempts including the first; 1 means no retry.
    public var maxAttempts: Int
    /// The wait before the second attempt.
    public var initialBackoff: Duration
    /// Each further wait is the previous one times this factor.
    public var multiplier: Double
    /// No wait is longer than this.
    public var maximumBackoff: Duration

    /// A policy of `maxAttempts` attempts with exponential back-off.
    public init(
        maxAttempts: Int, initialBackoff: Duration = .seconds(1), multiplier: Double = 2,
        maximumBackoff: Duration = .seconds(300)
    ) {
        self.maxAttempts = maxAttempts
        self.initialBackoff = initialBackoff
        self.multiplier = multiplier
        self.maximumBackoff = maximumBackoff
    }

    /// The wait after failed attempt number `attempt` (1-based): `initialBackoff` times
    /// `multiplier` to the power `attempt - 1`, at most `maximumBackoff`.
    ///
    /// Saturates at `maximumBackoff` however many attempts and however big (or infinite,
    /// or NaN) the multiplier: the product is compared in seconds before it is made a
    /// `Duration`, which would trap beyond its range.
    public func backoff(afterAttempt attempt: Int) -> Duration {
        let factor = Foundation.pow(multiplier, Double(max(attempt, 1) - 1))
        let seconds = IntervalTrigger.seconds(initialBackoff) * factor
        guard seconds < IntervalTrigger.seconds(maximumBackoff) else { return maximumBackoff }
        // A wait of zero or less (a policy that JobOptions.validate() refuses) is no wait.
        guard seconds > 0 else { return .zero }
        return factor == 1 ? initialBackoff : min(initialBackoff * factor, maximumBackoff)
    }
}
