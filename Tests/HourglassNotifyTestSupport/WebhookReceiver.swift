import Foundation
import HourglassTestSupport
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A local HTTP server on 127.0.0.1 (a port of its own) that records every request and
/// answers as the test asks: the webhook and ping receiver of the notification tests.
package final class WebhookReceiver: Sendable {
    /// A request as received.
    package struct Request: Sendable {
        package let method: String
        package let path: String
        /// Header values by lower-case name (the last one of a repeated header).
        package let headers: [String: String]
        package let body: [UInt8]

        /// The body as JSON, or nil.
        package var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        }
        package var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// How to answer one request.
    package enum Reply: Sendable {
        /// With this status.
        case status(Int)
        /// After a pause, with this status.
        case delayed(Duration, status: Int)
    }

    private struct State {
        var requests: [Request] = []
        var replies: [Reply] = []
    }

    private let state = Mutex(State())
    private let task: Mutex<Task<Void, any Error>?> = Mutex(nil)
    /// The port it listens on.
    package let port: Int

    private init(port: Int) {
        self.port = port
    }

    /// `http://127.0.0.1:PORT`.
    package var url: String { "http://127.0.0.1:\(port)" }

    /// Starts a receiver and returns once it listens.
    package static func start() async throws -> WebhookReceiver {
        let box = Mutex<WebhookReceiver?>(nil)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let router = Router()
        router.add(middleware: Recording(receiver: { box.withLock { $0 } }))
        var logger = Logger(label: "webhook-receiver")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let task = Task { try await app.runService() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw ReceiverError()
        }
        let receiver = WebhookReceiver(port: port)
        box.withLock { $0 = receiver }
        receiver.task.withLock { $0 = task }
        return receiver
    }

    /// Stops listening.
    package func stop() async {
        guard let task = task.withLock({ $0 }) else { return }
        task.cancel()
        _ = try? await task.value
    }

    /// Answers the next requests with `replies`, in order; after them, 200.
    package func reply(_ replies: [Reply]) {
        state.withLock { $0.replies += replies }
    }

    /// Every request so far.
    package var requests: [Request] { state.withLock { $0.requests } }

    /// Waits until at least `count` requests have come, and returns them all.
    package func waitForRequests(_ count: Int, timeout: Duration = .seconds(20)) async throws -> [Request] {
        try await waitUntil("the receiver has \(count) requests", timeout: timeout) { requests.count >= count }
        return requests
    }

    fileprivate func take(_ request: Request) -> Reply {
        state.withLock { state in
            state.requests.append(request)
            return state.replies.isEmpty ? .status(200) : state.replies.removeFirst()
        }
    }
}

/// Records each request in the receiver and answers it.
private struct Recording: RouterMiddleware {
    typealias Context = BasicRequestContext
    let receiver: @Sendable () -> WebhookReceiver?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let body = try await request.body.collect(upTo: 1 << 20)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let recorded = WebhookReceiver.Request(
            method: request.method.rawValue, path: request.uri.path, headers: headers, body: Array(body.readableBytesView))
        let reply = receiver()?.take(recorded) ?? .status(503)
        switch reply {
        case .status(let code):
            return Response(status: .init(code: code))
        case .delayed(let pause, let code):
            try await Task.sleep(for: pause)
            return Response(status: .init(code: code))
        }
    }
}

private struct ReceiverError: Error {}
