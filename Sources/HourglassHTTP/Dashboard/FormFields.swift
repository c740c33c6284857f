import Foundation
import Hummingbird

/// The fields of an `application/x-www-form-urlencoded` body, as an HTML form posts them.
struct FormFields {
    /// The largest body read; a form of the dashboard is far smaller.
    static let sizeLimit = 16 * 1024

    private let fields: [(name: String, value: String)]

    /// The fields of `text` (`a=1&b=x+y`); malformed percent escapes leave the value as sent.
    init(_ text: String) {
        fields = text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (Self.decode(parts[0]), parts.count > 1 ? Self.decode(parts[1]) : "")
        }
    }

    /// The body of `request`, read up to ``sizeLimit`` bytes (a larger one throws a 413).
    static func read(_ request: Request) async throws -> FormFields {
        var request = request
        let buffer = try await request.collectBody(upTo: sizeLimit)
        return FormFields(String(buffer: buffer))
    }

    /// The first value of the field `name`.
    subscript(_ name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
