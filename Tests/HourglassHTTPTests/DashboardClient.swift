import Foundation
import HTTPTypes
import Hourglass
import HourglassHTTP
import Hummingbird
import HummingbirdTesting

extension APIFixture {
    /// Runs `test` against an application with the API and the dashboard at its root.
    func dashboard(_ test: @escaping @Sendable (DashboardClient) async throws -> Void) async throws {
        let router = Router()
        HourglassAPI(scheduler: scheduler, access: access).addRoutes(to: router)
        HourglassDashboard(scheduler: scheduler, access: access).addRoutes(to: router)
        let application = Application(router: router)
        try await application.test(.router) { client in try await test(DashboardClient(client: client)) }
    }
}

/// A browser's view of the dashboard: it keeps the session cookie the server sets and
/// sends it back, and reads the forms' CSRF token from the pages.
final class DashboardClient {
    /// A response, with its body as text.
    struct Page {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: String

        /// The value of the first form's `csrf` field.
        var csrf: String? { field("csrf") }

        /// The value of the first hidden field `name`.
        func field(_ name: String) -> String? {
            guard let range = body.range(of: "name=\"\(name)\" value=\"") else { return nil }
            let rest = body[range.upperBound...]
            return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
        }

        /// Where a redirect points.
        var location: String? { headers[.location] }
    }

    let client: any TestClientProtocol
    /// The session cookie's value, as the last response set it.
    var session: String?

    init(client: any TestClientProtocol) {
        self.client = client
    }

    /// GET `uri` with the session cookie.
    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> Page {
        try await send(uri, method: .get, headers: headers, body: nil)
    }

    /// POST a form to `uri` with the session cookie; `fields` are sent in this order.
    func post(_ uri: String, _ fields: KeyValuePairs<String, String> = [:], headers: HTTPFields = [:]) async throws -> Page {
        let body = fields.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        var headers = headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await send(uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    private func send(_ uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> Page {
        var headers = headers
        if let session, headers[.cookie] == nil { headers[.cookie] = "hourglass_session=\(session)" }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body) { $0 }
        for cookie in response.headers[values: .setCookie] where cookie.hasPrefix("hourglass_session=") {
            let value = cookie.dropFirst("hourglass_session=".count).prefix { $0 != ";" }
            session = cookie.contains("Max-Age=0") ? nil : String(value)
        }
        return Page(status: response.status, headers: response.headers, body: String(buffer: response.body))
    }

    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}
