import Hourglass
import Hummingbird
import Logging
import ServiceLifecycle

/// A stand-alone HTTP server with a scheduler's ``HourglassAPI`` at its root, as a
/// service to run in a `ServiceGroup` (the `hourglass run --http` daemon runs one).
public enum HourglassHTTPServer {
    /// The server for `api` on `address`; `onListening` learns the port it took (useful
    /// with port 0). It logs where it listens, never a request's headers.
    public static func service(
        api: HourglassAPI, address: ListenAddress, logger: Logger, onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) -> any Service {
        let router = Router()
        api.addRoutes(to: router)
        return Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname(address.host, port: address.port)),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? address.port
                logger.notice(
                    "http API listening",
                    metadata: [
                        "http.address": .string(address.host), "http.port": .stringConvertible(port),
                        "http.auth": .string(api.access.isOpen ? "none (loopback only)" : "bearer tokens"),
                        "http.metrics": .string(api.metrics == nil ? "off" : "/metrics"),
                    ])
                onListening(port)
            },
            logger: logger)
    }
}
