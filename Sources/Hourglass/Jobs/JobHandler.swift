import Synchronization

/// The code a run calls: async, or blocking (run on a dedicated thread by ``BlockingExecutor``).
public enum JobBody: Sendable {
    /// An async function, run on Swift concurrency.
    case async(@Sendable (JobContext) async throws -> Void)
    /// A synchronous function that may block; give it to a ``BlockingExecutor``.
    case blocking(@Sendable (JobContext) throws -> Void)
}

/// A closure job's body, compared by identity: each closure added gets its own, and two
/// targets are equal only when they hold the same one.
public struct JobClosure: Hashable, Sendable {
    /// The code the job runs.
    public let body: JobBody
    private let identity: UInt64

    private static let lastIdentity = Atomic<UInt64>(0)

    /// A new closure target; it equals only copies of itself.
    public init(_ body: JobBody) {
        self.body = body
        self.identity = Self.lastIdentity.add(1, ordering: .relaxed).newValue
    }

    public static func == (lhs: JobClosure, rhs: JobClosure) -> Bool { lhs.identity == rhs.identity }

    public func hash(into hasher: inout Hasher) { hasher.combine(identity) }
}

/// A handler registered by name: turns a job's stored arguments into the code to run.
struct JobHandler: Sendable {
    /// Makes the body for one job's arguments; decoding happens when the run starts.
    let makeBody: @Sendable (JobArguments?) -> JobBody
    /// The executor the handler asks for, unless a job names one.
    let executor: String?
    /// Whether the handler blocks (a default of the blocking executor, when there is one).
    let isBlocking: Bool
}

/// An error thrown when a job's stored arguments do not decode as the handler's type.
struct ArgumentsDecodingError: Error, CustomStringConvertible {
    let handler: String
    /// The handler's argument type.
    let type: String
    let underlying: any Error
    var description: String {
        "arguments of handler '\(handler)' do not decode as \(type): \(DecodingProblem.describe(underlying))"
    }
}

extension JobHandler {
    static func decoding<Arguments: Decodable>(
        _ name: String, _ type: Arguments.Type, _ arguments: JobArguments?
    ) throws -> Arguments {
        do {
            return try (arguments ?? JobArguments(json: "null")).decode(type)
        } catch {
            throw ArgumentsDecodingError(handler: name, type: String(describing: type), underlying: error)
        }
    }
}
