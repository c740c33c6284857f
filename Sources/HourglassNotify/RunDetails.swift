import Hourglass

/// What a notification says about a run beyond its record: the exit status of its
/// command and its output. A run's record has one message; how to read it depends on
/// what the job runs (the daemon's command jobs write `exit status 3: <output>`).
public struct RunDetails: Sendable, Hashable {
    /// The exit status of the run's process, if it ran one and it exited.
    public var exitStatus: Int?
    /// What the run wrote, or its error message.
    public var output: String?

    /// Details of a run.
    public init(exitStatus: Int? = nil, output: String? = nil) {
        self.exitStatus = exitStatus
        self.output = output
    }

    /// Reads a record's details: the default takes its message as the output and knows no exit status.
    public typealias Reader = @Sendable (RunRecord) -> RunDetails

    /// The record's message as the output, no exit status.
    public static let message: Reader = { RunDetails(output: $0.message) }
}
