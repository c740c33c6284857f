import Foundation
import Hourglass
import Hummingbird

/// An error answered as JSON: `{"error": {"code": "...", "message": "..."}}`, with a
/// stable ``code`` to branch on and a message that says what to fix.
struct APIError: HTTPResponseError {
    let status: HTTPResponse.Status
    /// Stable, snake_case: `job_not_found`, `invalid_parameter`, ...
    let code: String
    let message: String

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try JSONBody.response(APIErrorBody(error: .init(code: code, message: message)), status: status)
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
        return response
    }

    static func invalidParameter(_ name: String, _ value: String, expected: String) -> APIError {
        APIError(
            status: .badRequest, code: "invalid_parameter",
            message: "parameter '\(name)' is '\(Self.shown(value))'; expected \(expected)")
    }

    static func unknownParameter(_ name: String, known: [String]) -> APIError {
        let list = known.isEmpty ? "this endpoint takes none" : "known: " + known.joined(separator: ", ")
        return APIError(status: .badRequest, code: "unknown_parameter", message: "unknown parameter '\(Self.shown(name))'; \(list)")
    }

    static func jobNotFound(_ id: String, store: String) -> APIError {
        APIError(status: .notFound, code: "job_not_found", message: "no job '\(Self.shown(id))' in store '\(Self.shown(store))'")
    }

    static let unauthorized = APIError(
        status: .unauthorized, code: "unauthorized", message: "send a valid token in an 'Authorization: Bearer TOKEN' header")
    static let forbidden = APIError(
        status: .forbidden, code: "forbidden", message: "this token may only read; changes need an admin token")

    /// The error a scheduler call threw, as the client should see it. Store failures say
    /// only that the store failed: their reasons can name hosts and users.
    static func from(_ error: any Error, store: String) -> APIError {
        guard let error = error as? SchedulerError else {
            return APIError(status: .internalServerError, code: "internal", message: "the server failed; see its log")
        }
        switch error.code {
        case .jobNotFound: return APIError(status: .notFound, code: "job_not_found", message: error.description)
        case .unknownStore:
            return APIError(status: .notFound, code: "store_not_found", message: "no store named '\(Self.shown(store))'")
        case .jobChanged, .jobExists: return APIError(status: .conflict, code: "conflict", message: error.description)
        case .invalidState: return APIError(status: .conflict, code: "invalid_state", message: error.description)
        case .invalidArgument: return APIError(status: .badRequest, code: "invalid_argument", message: error.description)
        case .storeFailure:
            return APIError(status: .serviceUnavailable, code: "store_unavailable", message: "store '\(Self.shown(store))' failed; see the server's log")
        default: return APIError(status: .internalServerError, code: "internal", message: "the server failed; see its log")
        }
    }

    /// `text` as it may appear in a message: at most 200 characters, control characters escaped.
    static func shown(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars.prefix(200) {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                result += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return text.unicodeScalars.count > 200 ? result + "…" : result
    }
}

/// The JSON body of an error.
struct APIErrorBody: Codable {
    struct Detail: Codable {
        let code: String
        let message: String
    }

    let error: Detail
}
