import Hourglass
import Hummingbird
import Logging
import ServiceLifecycle

/// A stand-alone HTTP server with a scheduler's ``HourglassAPI`` and, if given, its
/// ``HourglassDashboard`` at its root, as a service to run in a `ServiceGroup` (the
/// `hourglass run --http` daemon runs one).
public enum HourglassHTTPServer {
    /// The router of the stand-alone server: `api` and, if given, `dashboard` at the root,
    /// and the API's JSON error for any path or method that no route takes.
    public static func router(api: HourglassAPI, dashboard: HourglassDashboard? = nil) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: NotFoundAsJSON())
        api.addRoutes(to: router)
        dashboard?.addRoutes(to: router)
        return router
    }

    /// The server for `api` and `dashboard` on `address`; `onListening` learns the port it
    /// took (useful with port 0). It logs where it listens, never a request's headers.
    public static func service(
        api: HourglassAPI, dashboard: HourglassDashboard? = nil, address: ListenAddress, logger: Logger,
        onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) -> any Service {
        Application(
            router: router(api: api, dashboard: dashboard),
            configuration: ApplicationConfiguration(address: .hostname(address.host, port: address.port)),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? address.port
                logger.notice(
                    "http API listening",
                    metadata: [
                        "http.address": .string(address.host), "http.port": .stringConvertible(port),
                        "http.auth": .string(api.access.isOpen ? "none (loopback only)" : "bearer tokens"),
                        "http.dashboard": .string(dashboard == nil ? "off" : "/"),
                        "http.metrics": .string(api.metrics == nil ? "off" : "/metrics"),
                    ])
                onListening(port)
            },
            logger: logger)
    }
}
