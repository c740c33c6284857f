import Foundation
import HTTPTypes
import Hourglass
@testable import HourglassHTTP
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("HTTP API: tokens, roles and cross-site requests")
struct AccessTests {
    @Test("no token or a wrong one is 401; a read token reads but may not change")
    func roles() async throws {
        let api = try await APIFixture()
        try await api.test { client in
            for headers: HTTPFields in [[:], APIFixture.bearer("wrong-token-0123456789"), [.authorization: "Basic abc"],
                APIFixture.bearer(APIFixture.readToken + "x"), APIFixture.bearer(String(APIFixture.readToken.dropLast()))]
            {
                try await client.execute(uri: "/api/v1/jobs", method: .get, headers: headers) { response in
                    #expect(response.status == .unauthorized)
                    #expect(response.headers[.wwwAuthenticate] == "Bearer")
                    #expect(errorCode(response) == "unauthorized")
                }
            }
            try await client.execute(uri: "/api/v1/jobs", method: .get, headers: APIFixture.read) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/v1/jobs/nightly/pause", method: .post, headers: APIFixture.read) { response in
                #expect(response.status == .forbidden)
                #expect(errorCode(response) == "forbidden")
            }
            #expect(try await api.scheduler.job("nightly")?.isPaused == false)
            try await client.execute(uri: "/api/v1/jobs/nightly", method: .delete, headers: APIFixture.read) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/jobs", method: .get, headers: APIFixture.admin) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("open access takes changes only from this site")
    func openAccessRefusesCrossSiteChanges() async throws {
        let api = try await APIFixture(tokens: false)
        try await api.test { client in
            try await client.execute(uri: "/api/v1/jobs", method: .get) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(
                uri: "/api/v1/jobs/nightly/pause", method: .post, headers: [.origin: "http://evil.example"]
            ) { response in
                #expect(response.status == .forbidden)
                #expect(errorCode(response) == "cross_site_request")
            }
            try await client.execute(
                uri: "/api/v1/jobs/nightly/pause", method: .post, headers: [HTTPField.Name("Sec-Fetch-Site")!: "cross-site"]
            ) { response in
                #expect(response.status == .forbidden)
            }
            #expect(try await api.scheduler.job("nightly")?.isPaused == false)
            try await client.execute(
                uri: "/api/v1/jobs/nightly/pause", method: .post, headers: [.origin: "http://localhost"]
            ) { response in
                #expect(response.status == .ok)
            }
            #expect(try await api.scheduler.job("nightly")?.isPaused == true)
        }
    }

    @Test("open access refuses changes for a host name that is not a loopback one (DNS rebinding)")
    func openAccessChecksHost() throws {
        func request(authority: String) -> Request {
            Request(
                head: HTTPRequest(method: .post, scheme: "http", authority: authority, path: "/api/v1/jobs/a/pause"),
                body: RequestBody(buffer: ByteBuffer()))
        }
        for host in ["localhost", "localhost:8080", "127.0.0.1:8080", "[::1]:8080"] {
            #expect(throws: Never.self, "\(host)") { try SameOrigin.check(request(authority: host), requireLoopbackHost: true) }
        }
        for host in ["evil.example", "127.0.0.1.evil.example:8080", "[::2]:80", ""] {
            #expect(throws: APIError.self, "\(host)") { try SameOrigin.check(request(authority: host), requireLoopbackHost: true) }
        }
        #expect(throws: Never.self) { try SameOrigin.check(request(authority: "scheduler.example"), requireLoopbackHost: false) }
    }

    @Test("tokens: too short, or with white space, are refused; the environment gives them, or files do")
    func tokens() throws {
        #expect(throws: APIAccessError.self) { try APIAccess.Token("short", role: .read) }
        #expect(throws: APIAccessError.self) { try APIAccess.Token("has a space 0123456789", role: .read) }
        #expect(throws: APIAccessError.self) { try APIAccess.Token("control\u{1}0123456789", role: .read) }
        #expect(try APIAccess.fromEnvironment([:]).isOpen)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hourglass-token-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("admin").path
        try "admin-secret-from-file-123\n".write(toFile: file, atomically: true, encoding: .utf8)
        let access = try APIAccess.fromEnvironment([
            "HOURGLASS_HTTP_READ_TOKEN": "read-secret-0123456789", "HOURGLASS_HTTP_ADMIN_TOKEN_FILE": file,
        ])
        #expect(access.role(forAuthorization: "Bearer read-secret-0123456789") == .read)
        #expect(access.role(forAuthorization: "bearer admin-secret-from-file-123") == .admin)
        #expect(access.role(forAuthorization: "Bearer admin-secret-from-file-12") == nil)
        let missing = #expect(throws: APIAccessError.self) {
            try APIAccess.fromEnvironment(["HOURGLASS_HTTP_ADMIN_TOKEN_FILE": directory.appendingPathComponent("none").path])
        }
        #expect(missing?.message.contains("HOURGLASS_HTTP_ADMIN_TOKEN_FILE") == true)
        #expect(throws: APIAccessError.self) {
            try APIAccess.fromEnvironment(["HOURGLASS_HTTP_READ_TOKEN": "read-secret-0123456789", "HOURGLASS_HTTP_READ_TOKEN_FILE": file])
        }
    }

    @Test("the token comparison looks at lengths and every byte")
    func constantTimeEqual() {
        #expect(APIAccess.constantTimeEqual(Array("abc".utf8), Array("abc".utf8)))
        #expect(!APIAccess.constantTimeEqual(Array("abc".utf8), Array("abd".utf8)))
        #expect(!APIAccess.constantTimeEqual(Array("abc".utf8), Array("abcd".utf8)))
        #expect(!APIAccess.constantTimeEqual([], Array("a".utf8)))
        // Lengths that differ by a multiple of 256 must not compare equal.
        #expect(!APIAccess.constantTimeEqual([UInt8](repeating: 0, count: 256), []))
    }
}
