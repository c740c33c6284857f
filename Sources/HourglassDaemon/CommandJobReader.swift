import Foundation
import Hourglass
import Yams

/// Turns one entry of a configuration file's `jobs` list into a command job.
struct CommandJobReader {
    let reader: ConfigurationReader
    let timeZone: TimeZone
    let now: Date

    static let triggerFields = ["cron", "interval", "date", "calendar"]
    static let fields =
        ["id", "name"] + triggerFields + [
            "timezone", "start", "end", "jitter", "command", "shell", "environment", "working_directory", "timeout",
            "misfire_grace_time", "coalesce", "catch_up_limit", "max_concurrent_runs", "overflow", "retry", "paused",
            "tags", "recover_abandoned_runs", "notify",
        ]

    func job(from node: Node) throws(ConfigurationError) -> Job {
        guard let fields = node.mapping else { throw reader.error(node, field: "jobs", "each job must be a mapping with an 'id'") }
        guard let idNode = fields["id"], let id = try reader.string(idNode, field: "id", job: nil), !id.isEmpty else {
            throw reader.error(node, field: "id", "is missing; give every job a unique id")
        }
        try reader.checkKeys(fields, allowed: Self.fields, job: id)
        let trigger = try self.trigger(fields, node: node, job: id)
        let spec = try command(fields, node: node, job: id)
        let options = try self.options(fields, job: id)
        let arguments: JobArguments
        do {
            arguments = try JobArguments(encoding: spec)
        } catch {
            throw reader.error(node, job: id, field: "command", "cannot be stored: \(error)")
        }
        let paused = try reader.bool(fields["paused"], field: "paused", job: id) ?? false
        var next: Date?
        do {
            next = try trigger.nextFireTime(after: now)
        } catch {
            throw reader.error(node, job: id, field: "trigger", "\(error)")
        }
        // A date that has passed is due at once; the sync adds the job only if it has not
        // run at that date yet (ConfigurationSync's fired date jobs).
        if next == nil, let date = (trigger.base as? DateTrigger)?.date { next = date }
        guard paused || next != nil || trigger.runsOnlyOnRequest else {
            throw reader.error(node, job: id, field: "trigger", "has no fire time after now; the job would never run")
        }
        let job = Job(
            id: JobID(id), name: try reader.string(fields["name"], field: "name", job: id), trigger: trigger,
            target: .handler(name: CommandSpec.handlerName, arguments: arguments), options: options,
            nextRunTime: paused ? nil : next, isPaused: paused)
        // What the scheduler would refuse when it adds the job (an id too long for a store,
        // a NUL), reported here with the file and line.
        do {
            try job.validate()
        } catch {
            throw reader.error(fields[error.field ?? "id"] ?? node, job: id, field: error.field, error.reason)
        }
        return job
    }

    private func trigger(_ fields: Node.Mapping, node: Node, job: String) throws(ConfigurationError) -> AnyTrigger {
        let given = Self.triggerFields.filter { fields[$0] != nil }
        guard given.count == 1, let kind = given.first, let value = fields[kind] else {
            throw reader.error(
                node, job: job, field: given.isEmpty ? "trigger" : given.joined(separator: ", "),
                "give exactly one of \(Self.triggerFields.joined(separator: ", "))")
        }
        let zone = try reader.timeZone(fields["timezone"], field: "timezone", job: job) ?? timeZone
        let start = try instant(fields["start"], field: "start", job: job)
        let end = try instant(fields["end"], field: "end", job: job)
        let jitter = try reader.duration(fields["jitter"], field: "jitter", job: job)
        do {
            switch kind {
            case "cron":
                let text = try reader.string(value, field: kind, job: job) ?? ""
                if text.trimmingCharacters(in: .whitespaces).lowercased() == "@reboot" {
                    return try reboot(fields, job: job)
                }
                if let span = Self.everySpan(text) {
                    // robfig/cron's `@every 90s`: an interval written as a crontab string.
                    let every = try reader.duration(text: span, node: value, field: kind, job: job)
                    return AnyTrigger(try Self.interval(every, start: start, end: end, jitter: jitter))
                }
                // The job id is the hash id of `H` values, so each job keeps its pick.
                return AnyTrigger(
                    try CronTrigger(text, hashID: job, timeZone: zone, start: start, end: end, jitter: jitter))
            case "interval":
                guard let every = try reader.duration(value, field: kind, job: job) else { break }
                return AnyTrigger(try Self.interval(every, start: start, end: end, jitter: jitter))
            case "date":
                guard let date = try instant(value, field: kind, job: job) else { break }
                return AnyTrigger(try DateTrigger(at: date, jitter: jitter))
            default:
                return AnyTrigger(try calendar(value, zone: zone, jitter: jitter, job: job))
            }
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw reader.error(value, job: job, field: kind, "\(error)")
        }
        throw reader.error(value, job: job, field: kind, "is empty")
    }

    /// An interval trigger. Without a start, whole multiples of the interval since 1970
    /// (every 10m: at :00, :10, ...), so that reading the file again gives the same trigger.
    static func interval(_ every: Duration, start: Date?, end: Date?, jitter: Duration?) throws(TriggerError)
        -> IntervalTrigger
    {
        try IntervalTrigger(every: every, start: start ?? Date(timeIntervalSince1970: 0), end: end, jitter: jitter)
    }

    /// The span of `@every <span>` (`"@every 90s"` gives `"90s"`), nil for other text.
    static func everySpan(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.lowercased().hasPrefix("@every"),
            trimmed.dropFirst("@every".count).first.map({ $0 == " " || $0 == "\t" }) ?? true
        else { return nil }
        return trimmed.dropFirst("@every".count).trimmingCharacters(in: .whitespaces)
    }

    /// `cron: "@reboot"`: the job runs at each start of the daemon. A start, an end or a
    /// jitter would mean nothing and is refused.
    private func reboot(_ fields: Node.Mapping, job: String) throws(ConfigurationError) -> AnyTrigger {
        for field in ["start", "end", "jitter"] {
            if let node = fields[field] {
                throw reader.error(node, job: job, field: field, "has no effect with cron \"@reboot\" (the job runs at each start of the daemon); remove it")
            }
        }
        return AnyTrigger(RebootTrigger())
    }

    private func options(_ fields: Node.Mapping, job: String) throws(ConfigurationError) -> JobOptions {
        var options = JobOptions()
        options.timeout = try reader.duration(fields["timeout"], field: "timeout", job: job)
        options.misfireGraceTime = try reader.duration(fields["misfire_grace_time"], field: "misfire_grace_time", job: job)
        if let node = fields["coalesce"], let text = try reader.string(node, field: "coalesce", job: job) {
            let policies: [String: CoalescePolicy] = ["latest": .latest, "earliest": .earliest, "all": .all]
            guard let policy = policies[text] else { throw reader.error(node, job: job, field: "coalesce", "\(ConfigurationReader.quoted(text)) is not latest, earliest or all") }
            options.coalesce = policy
        }
        if let node = fields["overflow"], let text = try reader.string(node, field: "overflow", job: job) {
            guard text == "skip" || text == "queue" else { throw reader.error(node, job: job, field: "overflow", "\(ConfigurationReader.quoted(text)) is not skip or queue") }
            options.overflow = text == "queue" ? .queue : .skip
        }
        options.catchUpLimit = try reader.int(fields["catch_up_limit"], field: "catch_up_limit", job: job) ?? options.catchUpLimit
        options.maxConcurrentRuns =
            try reader.int(fields["max_concurrent_runs"], field: "max_concurrent_runs", job: job) ?? options.maxConcurrentRuns
        options.tags = Set(try reader.strings(fields["tags"], field: "tags", job: job) ?? [])
        options.recoverAbandonedRuns =
            try reader.bool(fields["recover_abandoned_runs"], field: "recover_abandoned_runs", job: job) ?? false
        if let node = fields["retry"] {
            guard let retry = node.mapping else { throw reader.error(node, job: job, field: "retry", "must be a mapping: attempts, backoff") }
            try reader.checkKeys(retry, allowed: ["attempts", "backoff", "multiplier", "max_backoff"], job: job)
            guard let attempts = try reader.int(retry["attempts"], field: "retry.attempts", job: job) else {
                throw reader.error(node, job: job, field: "retry.attempts", "is missing; give the most attempts, like 3")
            }
            var policy = RetryPolicy(maxAttempts: attempts)
            policy.initialBackoff = try reader.duration(retry["backoff"], field: "retry.backoff", job: job) ?? policy.initialBackoff
            policy.maximumBackoff = try reader.duration(retry["max_backoff"], field: "retry.max_backoff", job: job) ?? policy.maximumBackoff
            if let node = retry["multiplier"], let text = try reader.string(node, field: "retry.multiplier", job: job) {
                guard let multiplier = Double(text), multiplier.isFinite else {
                    throw reader.error(
                        node, job: job, field: "retry.multiplier", "\(ConfigurationReader.quoted(text)) is not a finite number, like 2")
                }
                policy.multiplier = multiplier
            }
            options.retry = policy
        }
        do {
            try options.validate()
        } catch {
            // The option's name in the file, from its name in JobOptions.
            let names = [
                "misfireGraceTime": "misfire_grace_time", "catchUpLimit": "catch_up_limit",
                "maxConcurrentRuns": "max_concurrent_runs", "retry.maxAttempts": "retry.attempts", "retry": "retry",
                "retry.initialBackoff": "retry.backoff", "retry.maximumBackoff": "retry.max_backoff",
                "retry.multiplier": "retry.multiplier", "timeout": "timeout",
            ]
            let field = error.field.flatMap { names[$0] } ?? error.field
            // The value's own node (`retry.backoff` in the retry mapping), else its mapping's.
            let path = field?.split(separator: ".").map(String.init) ?? []
            let outer = path.first.flatMap { fields[$0] }
            let node = path.count == 2 ? outer?.mapping?[path[1]] ?? outer : outer
            throw reader.error(node, job: job, field: field, error.reason)
        }
        return options
    }

    /// An ISO-8601 instant such as `2026-12-24T18:00:00+01:00`.
    func instant(_ node: Node?, field: String, job: String) throws(ConfigurationError) -> Date? {
        guard let text = try reader.string(node, field: field, job: job) else { return nil }
        guard let date = ISO8601Timestamp.parse(text) else {
            throw reader.error(node, job: job, field: field, "\(ConfigurationReader.quoted(text)) is not an instant like 2026-12-24T18:00:00+01:00")
        }
        return date
    }
}
