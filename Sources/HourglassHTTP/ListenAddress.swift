/// Where an HTTP server listens: `HOST:PORT`, with an IPv6 host in brackets
/// (`127.0.0.1:8080`, `[::1]:8080`, `0.0.0.0:8080`). Port 0 takes any free port.
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    /// The host name or address, without brackets.
    public let host: String
    public let port: Int

    /// Parses `HOST:PORT`; the error says which part is wrong.
    public init(parsing text: String) throws(ListenAddressError) {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw ListenAddressError(text, "an IPv6 address goes in brackets followed by a port, e.g. [::1]:8080")
            }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw ListenAddressError(text, "give HOST:PORT, e.g. 127.0.0.1:8080") }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            guard !host.contains(":") else { throw ListenAddressError(text, "put an IPv6 address in brackets, e.g. [::1]:8080") }
        }
        guard !host.isEmpty, host.allSatisfy({ $0.isLetter || $0.isNumber || ".-:".contains($0) }) else {
            throw ListenAddressError(text, "the host must be a name or an address, e.g. 127.0.0.1")
        }
        guard let port = Int(portText), (0...65_535).contains(port) else {
            throw ListenAddressError(text, "the port must be a number from 0 to 65535")
        }
        self.host = String(host)
        self.port = port
    }

    /// Whether only this machine can connect: localhost, 127.x.x.x or ::1.
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// A listen address that cannot be used; the message says why.
public struct ListenAddressError: Error, CustomStringConvertible, Sendable {
    /// What is wrong, with the text given.
    public let message: String

    init(_ text: String, _ reason: String) {
        message = "'\(text)' is not an address to listen on: \(reason)"
    }

    public var description: String { message }
}
