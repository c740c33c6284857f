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

    /// What ``encode(to:)`` writes.
    func storedJSONObject() -> StoredJSONObject? {
        var object = StoredJSONObject()
        object.add(CodingKeys.misfireGraceTimeNanoseconds.stringValue, nanoseconds: misfireGraceTime)
        if coalesce != .latest { object.add(CodingKeys.coalesce.stringValue, string: coalesce.kind.rawValue) }
        if catchUpLimit != 100 { object.add(CodingKeys.catchUpLimit.stringValue, integer: catchUpLimit) }
        if maxConcurrentRuns != 1 { object.add(CodingKeys.maxConcurrentRuns.stringValue, integer: maxConcurrentRuns) }
        if overflow != .skip { object.add(CodingKeys.overflow.stringValue, string: overflow.kind.rawValue) }
        if let executor { object.add(CodingKeys.executor.stringValue, string: executor) }
        object.add(CodingKeys.timeoutNanoseconds.stringValue, nanoseconds: timeout)
        if let retry {
            guard let retry = retry.storedJSONObject() else { return nil }
            object.add(CodingKeys.retry.stringValue, object: retry)
        }
        if !tags.isEmpty { object.add(CodingKeys.tags.stringValue, strings: tags.sorted()) }
        if !metadata.isEmpty { object.add(CodingKeys.metadata.stringValue, stringsByKey: metadata) }
        if recoverAbandonedRuns { object.add(CodingKeys.recoverAbandonedRuns.stringValue, bool: true) }
        return object
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

extension RetryPolicy: StoredJSONWritable {
    /// What ``encode(to:)`` writes.
    package func storedJSONObject() -> StoredJSONObject? {
        var object = StoredJSONObject()
        object.add(CodingKeys.maxAttempts.stringValue, integer: maxAttempts)
        object.add(CodingKeys.initialBackoffNanoseconds.stringValue, nanoseconds: initialBackoff)
        guard object.add(CodingKeys.multiplier.stringValue, number: multiplier) else { return nil }
        object.add(CodingKeys.maximumBackoffNanoseconds.stringValue, nanoseconds: maximumBackoff)
        return object
    }
}
