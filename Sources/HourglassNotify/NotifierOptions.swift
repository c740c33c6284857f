import Hourglass
import Logging

/// How notifications reach a notifier: throttling of repeated problems, the queue, and
/// how a run's record is read.
public struct NotifierOptions: Sendable {
    /// At most one problem notification per job per span (later ones within it are
    /// counted and the count goes with the next one sent); nil sends every one. Default: 1 hour.
    public var repeatAfter: Duration?
    /// The most notifications waiting for delivery; when full, the oldest is dropped
    /// (counted and logged). Default: 1000.
    public var queueCapacity: Int
    /// Reads a run's exit status and output from its record. Default: the message as output.
    public var details: RunDetails.Reader
    /// Where failed deliveries and dropped notifications are logged.
    public var logger: Logger

    /// Options; the defaults throttle problems to one an hour per job.
    public init(
        repeatAfter: Duration? = .seconds(3600), queueCapacity: Int = 1000, details: @escaping RunDetails.Reader = RunDetails.message,
        logger: Logger = Logger(label: "hourglass.notify")
    ) {
        self.repeatAfter = repeatAfter
        self.queueCapacity = max(1, queueCapacity)
        self.details = details
        self.logger = logger
    }
}
