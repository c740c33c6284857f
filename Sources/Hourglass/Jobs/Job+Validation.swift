extension Job {
    /// The longest job id, in bytes of UTF-8. Every store can index an id this long:
    /// PostgreSQL refuses index entries over about 2,700 bytes, and APScheduler's SQL
    /// store keeps ids of up to 191 characters.
    public static let maximumIDLength = 1_000

    /// Checks what every store must be able to keep, and the options; throws an error
    /// naming the first bad field.
    ///
    /// - The id is not empty and at most ``maximumIDLength`` bytes of UTF-8.
    /// - The id, the name and the handler name hold no NUL character, which PostgreSQL
    ///   text cannot hold; a handler name is not empty.
    /// - The options pass ``JobOptions/validate()``.
    public func validate() throws(SchedulerError) {
        if id.rawValue.isEmpty { throw .invalidArgument("id", "is empty; give the job an id") }
        let length = id.rawValue.utf8.count
        if length > Self.maximumIDLength {
            throw .invalidArgument(
                "id", "is \(length) bytes long; use at most \(Self.maximumIDLength) bytes (UTF-8), so that every store can index it")
        }
        try Self.refuseNUL(id.rawValue, field: "id")
        if let name { try Self.refuseNUL(name, field: "name") }
        if let handler = target.handlerName {
            if handler.isEmpty { throw .invalidArgument("handler", "is empty; name the handler registered for the job") }
            try Self.refuseNUL(handler, field: "handler")
        }
        try options.validate()
    }

    private static func refuseNUL(_ text: String, field: String) throws(SchedulerError) {
        guard let offset = text.utf8.firstIndex(of: 0).map({ text.utf8.distance(from: text.utf8.startIndex, to: $0) }) else { return }
        throw .invalidArgument(field, "holds a NUL character (at byte \(offset)), which stores cannot keep; remove it")
    }
}
