import AsyncHTTPClient
import Foundation
import Hourglass
import NIOCore
import NIOHTTP1

/// Sends one HTTP request with a timeout, and again after pauses that double (from
/// `backoff`) on a 5xx answer or a connection error, up to `retries` more times. A 4xx
/// answer is final, and so is a timeout (the receiver may have taken the request).
struct HTTPDelivery: Sendable {
    let client: HTTPClient
    let timeout: Duration
    let retries: Int
    let backoff: Duration

    /// What the receiver answered, when it was not a success.
    private struct Refusal: Error, CustomStringConvertible {
        let status: UInt
        let body: String
        var description: String { "HTTP \(status)" + (body.isEmpty ? "" : ": \(body)") }
    }

    /// Sends the request `make` builds (once per attempt); returns the success status.
    @discardableResult
    func send(_ make: () -> HTTPClientRequest) async throws -> UInt {
        var attempt = 0
        while true {
            do {
                return try await sendOnce(make())
            } catch let refusal as Refusal where refusal.status < 500 {
                throw NotifierError(refusal.description)
            } catch {
                if Self.isTimeout(error) {
                    throw NotifierError("no answer within \(timeout) (not tried again: the receiver may have taken it)")
                }
                guard attempt < retries, !Task.isCancelled else {
                    let tries = attempt + 1
                    throw NotifierError("\(Self.describe(error)) (after \(tries) attempt\(tries == 1 ? "" : "s"))")
                }
            }
            let pause = IntervalTrigger.seconds(backoff) * Double(1 << min(attempt, 16))
            attempt += 1
            try await Task.sleep(for: .milliseconds(Int64(pause * 1000)))
        }
    }

    private func sendOnce(_ request: HTTPClientRequest) async throws -> UInt {
        let milliseconds = Int64(IntervalTrigger.seconds(timeout) * 1000)
        let response = try await client.execute(request, timeout: .milliseconds(max(1, milliseconds)))
        // The start of the answer, for the error; the rest is read and dropped, freeing the connection.
        var kept: [UInt8] = []
        for try await chunk in response.body where kept.count < 512 {
            kept += chunk.readableBytesView.prefix(512 - kept.count)
        }
        let status = response.status.code
        guard (200..<300).contains(status) else {
            throw Refusal(status: status, body: EscapedText.escaped(String(decoding: kept, as: UTF8.self)))
        }
        return status
    }

    private static func isTimeout(_ error: any Error) -> Bool {
        guard let error = error as? HTTPClientError else { return false }
        return error == .deadlineExceeded || error == .readTimeout || error == .writeTimeout
    }

    private static func describe(_ error: any Error) -> String {
        if let refusal = error as? Refusal { return refusal.description }
        return "\(error)"
    }
}
