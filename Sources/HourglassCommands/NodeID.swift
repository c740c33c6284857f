/// The daemon's node id, from `--node-id` or `HOURGLASS_NODE_ID`.
enum NodeID {
    /// The longest node id accepted.
    static let maximumLength = 200

    /// The option's value, else the environment's, checked; nil when neither is set.
    ///
    /// - Throws: ``UsageError`` for an empty id, one longer than ``maximumLength``, or one
    ///   with control characters or spaces (it appears in logs and the store).
    static func resolve(option: String?, environment: [String: String]) throws -> String? {
        let source = option != nil ? "--node-id" : "HOURGLASS_NODE_ID"
        guard let id = option ?? environment["HOURGLASS_NODE_ID"] else { return nil }
        let shown = id.count > 40 ? String(id.prefix(40)) + "…" : id
        guard !id.isEmpty, id.count <= maximumLength,
            !id.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.isWhitespace })
        else {
            throw UsageError(
                description: "\(source) '\(shown.debugDescription.dropFirst().dropLast())' is not a node id: "
                    + "use 1 to \(maximumLength) characters without spaces or control characters, e.g. the host name")
        }
        return id
    }
}
