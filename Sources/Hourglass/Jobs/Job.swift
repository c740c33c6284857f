import Foundation

/// What a job runs: a handler registered by name with JSON arguments (storable
/// anywhere), or a closure (kept only in memory).
public enum JobTarget: Hashable, Sendable {
    /// The handler registered under `name`, called with `arguments` (nil for none).
    case handler(name: String, arguments: JobArguments?)
    /// A closure, kept with the job; only a memory store can hold it.
    case closure(JobClosure)

    /// The handler name, or nil for a closure.
    public var handlerName: String? {
        if case .handler(let name, _) = self { return name }
        return nil
    }

    /// Whether the target is a closure (which no persistent store can keep).
    public var isClosure: Bool {
        if case .closure = self { return true }
        return false
    }
}

/// A scheduled job as a store keeps it: plain data, `Codable` in a versioned JSON form.
///
/// A closure job encodes with `"closure": true` and no body, and does not decode: only
/// handler jobs can be stored and read back.
public struct Job: Hashable, Sendable, Codable, Identifiable {
    /// The job's identifier, unique within its store.
    public var id: JobID
    /// A name for people; nil to show the id or handler name.
    public var name: String?
    /// When the job runs.
    public var trigger: AnyTrigger
    /// What runs.
    public var target: JobTarget
    /// How it runs.
    public var options: JobOptions
    /// ``revision``, with `Int64.min` for none, placed among the 8-byte fields: an `Int64?`
    /// after the two `Bool`s made every job 16 bytes larger (W2, 100,000 jobs in the
    /// memory store: 286 -> 301 bytes per job), a plain `Int64` here makes it 8 larger.
    private var storedRevision = Int64.min
    /// The next fire time; nil while the job is paused.
    public var nextRunTime: Date?
    /// Whether the job is paused (it keeps its place but does not run).
    public var isPaused: Bool
    /// Whether this process can run the job: false when its handler is not registered
    /// here. Filled in by the scheduler for listings; not stored.
    public var isRunnable: Bool = true
    /// The store's revision of the job when it was read: each change to the stored job
    /// (an update, the end of a claim) makes a new one. A store refuses an update of a job
    /// whose revision is no longer its own (``SchedulerError/Code/jobChanged``), so that a
    /// change made meanwhile elsewhere is never silently overwritten. Nil for a job not read
    /// from a store, which updates unconditionally. Not stored, and not compared by `==`.
    public var revision: Int64? {
        get { storedRevision == .min ? nil : storedRevision }
        set { storedRevision = newValue ?? .min }
    }

    /// A job; the scheduler computes ``nextRunTime`` when it is added.
    public init(
        id: JobID = .generate(), name: String? = nil, trigger: some Trigger, target: JobTarget,
        options: JobOptions = JobOptions(), nextRunTime: Date? = nil, isPaused: Bool = false
    ) {
        self.id = id
        self.name = name
        self.trigger = AnyTrigger(trigger)
        self.target = target
        self.options = options
        self.nextRunTime = nextRunTime
        self.isPaused = isPaused
    }

    /// The name to show: the name, else the handler name, else the id.
    public var displayName: String { name ?? target.handlerName ?? id.rawValue }

    /// The version of the JSON form this build writes and the highest it reads.
    public static let formatVersion = 1

    private enum CodingKeys: String, CodingKey {
        case version, id, name, trigger, handler, arguments, closure, options, nextRunTime, paused
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let version = try container.decodeIfPresent(Int.self, forKey: .version) ?? 1
        guard version <= Self.formatVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: .version, in: container,
                debugDescription: "job format version \(version) is newer than this build reads (\(Self.formatVersion)); upgrade Hourglass")
        }
        id = try container.decode(JobID.self, forKey: .id)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        trigger = try container.decode(AnyTrigger.self, forKey: .trigger)
        if let handler = try container.decodeIfPresent(String.self, forKey: .handler) {
            target = .handler(name: handler, arguments: try container.decodeIfPresent(JobArguments.self, forKey: .arguments))
        } else {
            throw SchedulerError(
                code: .closureNotStorable, field: "job '\(id)'",
                reason: "is a closure job; closures live only in memory and cannot be read back")
        }
        options = try container.decodeIfPresent(JobOptions.self, forKey: .options) ?? JobOptions()
        nextRunTime = try container.decodeIfPresent(Double.self, forKey: .nextRunTime).map(Date.init(timeIntervalSince1970:))
        isPaused = try container.decodeIfPresent(Bool.self, forKey: .paused) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.formatVersion, forKey: .version)
        try container.encode(id, forKey: .id)
        try container.encodeIfPresent(name, forKey: .name)
        try container.encode(trigger, forKey: .trigger)
        switch target {
        case .handler(let handler, let arguments):
            try container.encode(handler, forKey: .handler)
            try container.encodeIfPresent(arguments, forKey: .arguments)
        case .closure:
            try container.encode(true, forKey: .closure)
        }
        if options != JobOptions() { try container.encode(options, forKey: .options) }
        try container.encodeIfPresent(nextRunTime?.timeIntervalSince1970, forKey: .nextRunTime)
        if isPaused { try container.encode(true, forKey: .paused) }
    }

    public static func == (lhs: Job, rhs: Job) -> Bool {
        lhs.id == rhs.id && lhs.name == rhs.name && lhs.trigger == rhs.trigger && lhs.target == rhs.target
            && lhs.options == rhs.options && lhs.nextRunTime == rhs.nextRunTime && lhs.isPaused == rhs.isPaused
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}
