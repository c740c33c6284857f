import HTTPTypes
import Hummingbird

/// Refuses changes that a browser sends on behalf of another site.
enum SameOrigin {
    private static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!

    /// Throws when `request` comes from a page of another origin (`Sec-Fetch-Site`, else
    /// `Origin` against `Host`), or, with `requireLoopbackHost`, names a host other than
    /// localhost, 127.0.0.1 or [::1].
    static func check(_ request: Request, requireLoopbackHost: Bool) throws {
        let host = request.head.authority ?? ""
        if let site = request.headers[secFetchSite], site != "same-origin", site != "none" {
            throw refused("it comes from another site (Sec-Fetch-Site: \(APIError.shown(site)))")
        }
        if let origin = request.headers[.origin], !matches(origin: origin, host: host) {
            throw refused("its Origin '\(APIError.shown(origin))' is not this server's")
        }
        if requireLoopbackHost, !isLoopback(host) {
            throw refused(
                "the API has no token and takes changes only for localhost, 127.0.0.1 or [::1], not '\(APIError.shown(host))'")
        }
    }

    private static func matches(origin: String, host: String) -> Bool {
        guard let separator = origin.range(of: "://") else { return false }
        return origin[separator.upperBound...].lowercased() == host.lowercased()
    }

    private static func isLoopback(_ host: String) -> Bool {
        let name: Substring
        if host.hasPrefix("[") {
            name = host.split(separator: "]").first.map { $0.dropFirst() } ?? ""
            return name == "::1"
        }
        name = host.split(separator: ":").first ?? ""
        return name == "localhost" || name == "127.0.0.1"
    }

    private static func refused(_ reason: String) -> APIError {
        APIError(status: .forbidden, code: "cross_site_request", message: "change refused: \(reason)")
    }
}
