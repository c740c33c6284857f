/// The stored JSON form of options: spans as whole nanoseconds, defaults left out.
extension JobOptions.Values {
    private enum CodingKeys: String, CodingKey {
        case misfireGraceTimeNanoseconds, coalesce, catchUpLimit, maxConcurrentRuns, overflow, executor
        case timeoutNanoseconds, retry, tags, metadata, recoverAbandonedRuns
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        misfireGraceTime = try container.decodeDuration(forKey: .misfireGraceTimeNanoseconds)
        coalesce = try container.decodeIfPresent(CoalescePolicy.self, forKey: .coalesce) ?? .latest
        catchUpLimit = try container.decodeIfPresent(Int.self, forKey: .catchUpLimit) ?? 100
        maxConcurrentRuns = try container.decodeIfPresent(Int.self, forKey: .maxConcurrentRuns) ?? 1
        overflow = try container.decodeIfPresent(OverflowPolicy.self, forKey: .overflow) ?? .skip
        executor = try container.decodeIfPresent(String.self, forKey: .executor)
        timeout = try container.decodeDuration(forKey: .timeoutNanoseconds)
        retry = try container.decodeIfPresent(RetryPolicy.self, forKey: .retry)
        tags = try container.decodeIfPresent(Set<String>.self, forKey: .tags) ?? []
        metadata = try container.decodeIfPresent([String: String].self, forKey: .metadata) ?? [:]
        recoverAbandonedRuns = try container.decodeIfPresent(Bool.self, forKey: .recoverAbandonedRuns) ?? false
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeDuration(misfireGraceTime, forKey: .misfireGraceTimeNanoseconds)
        if coalesce != .latest { try container.encode(coalesce, forKey: .coalesce) }
        if catchUpLimit != 100 { try container.encode(catchUpLimit, forKey: .catchUpLimit) }
        if maxConcurrentRuns != 1 { try container.encode(maxConcurrentRuns, forKey: .maxConcurrentRuns) }
        if overflow != .skip { try container.encode(overflow, forKey: .overflow) }
        try container.encodeIfPresent(executor, forKey: .executor)
        try container.encodeDuration(timeout, forKey: .timeoutNanoseconds)
        try container.encodeIfPresent(retry, forKey: .retry)
        if !tags.isEmpty { try container.encode(tags.sorted(), forKey: .tags) }
        if !metadata.isEmpty { try container.encode(metadata, forKey: .metadata) }
        if recoverAbandonedRuns { try container.encode(true, forKey: .recoverAbandonedRuns) }
    }
}

extension RetryPolicy {
    private enum CodingKeys: String, CodingKey {
        case maxAttempts, initialBackoffNanoseconds, multiplier, maximumBackoffNanoseconds
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            maxAttempts: try container.decode(Int.self, forKey: .maxAttempts),
            initialBackoff: try container.decodeDuration(forKey: .initialBackoffNanoseconds) ?? .seconds(1),
            multiplier: try container.decodeIfPresent(Double.self, forKey: .multiplier) ?? 2,
            maximumBackoff: try container.decodeDuration(forKey: .maximumBackoffNanoseconds) ?? .seconds(300))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(maxAttempts, forKey: .maxAttempts)
        try container.encodeDuration(initialBackoff, forKey: .initialBackoffNanoseconds)
        try container.encode(multiplier, forKey: .multiplier)
        try container.encodeDuration(maximumBackoff, forKey: .maximumBackoffNanoseconds)
    }
}
