import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// Renders the dashboard's templates into responses, with the headers every page carries.
enum DashboardRenderer {
    /// The templates, by name; parsed once. They are constants of this module, so a parse
    /// error is a bug that the tests of every page catch.
    static let library: MustacheLibrary = {
        let templates: [(String, String)] = [
            ("layout", LayoutTemplate.text), ("jobs", JobsTemplate.text), ("job", JobTemplate.text), ("run", RunTemplate.text),
            ("nodes", NodesTemplate.text), ("login", LoginTemplate.text), ("error", ErrorTemplate.text),
        ]
        var library = MustacheLibrary()
        for (name, text) in templates {
            do {
                try library.register(text, named: name)
            } catch {
                preconditionFailure("dashboard template '\(name)' does not parse: \(error)")
            }
        }
        return library
    }()

    /// A version of the static files for their URLs (`?v=`), so that a browser's cached copy
    /// is not used after an upgrade.
    static let assetVersion: String = {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for byte in (DashboardStyle.css + DashboardScript.javascript).utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return String(hash, radix: 36)
    }()

    /// The page `template` with `page`, as an HTML response.
    static func html(_ template: String, _ page: DashboardPage, status: HTTPResponse.Status = .ok) -> Response {
        let text = library.render(page, withTemplate: template) ?? ""
        var headers = securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// A 303 to `location` (a path of this server).
    static func redirect(to location: String) -> Response {
        var headers = securityHeaders
        headers[.location] = location
        headers[.cacheControl] = "no-store"
        return Response(status: .seeOther, headers: headers)
    }

    /// A static file from a string, cached for a day (its URL changes with its content).
    static func asset(_ text: String, contentType: String) -> Response {
        var headers = securityHeaders
        headers[.contentType] = contentType
        headers[.cacheControl] = "public, max-age=86400"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// Scripts and styles only from this server, no inline code, no framing, forms only to
    /// this server, no MIME sniffing, no referrer beyond this site.
    static var securityHeaders: HTTPFields {
        [
            HTTPField.Name("Content-Security-Policy")!: """
                default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; \
                form-action 'self'; frame-ancestors 'none'; base-uri 'none'
                """,
            HTTPField.Name("X-Content-Type-Options")!: "nosniff",
            HTTPField.Name("X-Frame-Options")!: "DENY",
            HTTPField.Name("Referrer-Policy")!: "same-origin",
        ]
    }
}
