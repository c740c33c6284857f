import Hummingbird

/// The query parameters of one request, checked against those its endpoint knows: an
/// unknown name or a bad value is a 400 that names it.
struct QueryParameters {
    private let values: [(name: String, value: String)]

    /// The request's parameters; throws if one is not among `known`.
    init(_ request: Request, known: [String]) throws {
        values = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
        for (name, _) in values where !known.contains(name) {
            throw APIError.unknownParameter(name, known: known)
        }
    }

    /// The parameter's value; a parameter given twice is an error.
    func string(_ name: String) throws -> String? {
        let found = values.filter { $0.name == name }
        guard found.count <= 1 else {
            throw APIError(status: .badRequest, code: "invalid_parameter", message: "parameter '\(name)' is given \(found.count) times; give it once")
        }
        return found.first?.value
    }

    /// Every value of a parameter that may repeat.
    func strings(_ name: String) -> [String] {
        values.filter { $0.name == name }.map(\.value)
    }

    /// A whole number in `range`, or `default` when absent.
    func integer(_ name: String, in range: ClosedRange<Int>, default defaultValue: Int) throws -> Int {
        guard let text = try string(name) else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw APIError.invalidParameter(name, text, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// One of `choices`, or nil when absent.
    func choice(_ name: String, of choices: [String]) throws -> String? {
        guard let text = try string(name) else { return nil }
        guard choices.contains(text) else {
            throw APIError.invalidParameter(name, text, expected: "one of " + choices.joined(separator: ", "))
        }
        return text
    }

    /// The paging of a list: `limit` (1-500, default 50) and `offset` (from 0).
    func paging() throws -> (limit: Int, offset: Int) {
        (try integer("limit", in: 1...500, default: 50), try integer("offset", in: 0...1_000_000_000, default: 0))
    }
}
