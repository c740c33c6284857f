/// A decoding error as a short phrase for people: which field, and what was wrong with it.
///
/// `DecodingError`'s own description names Swift's coding keys (for a missing field, Swift
/// 6.3 ends it with `No value associated with key CodingKeys(stringValue: "recipient",
/// intValue: nil) ("recipient").`); this gives `field 'recipient' is missing`.
package enum DecodingProblem {
    /// `error` as a phrase: a `DecodingError` by field path (`items[2].name`), anything else
    /// as it describes itself.
    package static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(place(context.codingPath + [key])) is missing"
        case .valueNotFound(_, let context), .typeMismatch(_, let context), .dataCorrupted(let context):
            let cause = (context.underlyingError as? DecodingError).map(describe) ?? context.underlyingError.map { "\($0)" }
            return "\(place(context.codingPath)): \(context.debugDescription)" + (cause.map { " (\($0))" } ?? "")
        @unknown default:
            return "\(error)"
        }
    }

    /// `field 'a.b[2]'` for a coding path, or `the value` for the top level.
    private static func place(_ path: [any CodingKey]) -> String {
        guard !path.isEmpty else { return "the value" }
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return "field '\(text)'"
    }
}
