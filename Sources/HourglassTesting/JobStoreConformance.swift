import Foundation
import Hourglass

/// The behaviour every `JobStore` must have, as checks that run against a fresh store.
///
/// ```swift
/// @Test(arguments: JobStoreConformance.checks)
/// func conforms(_ check: JobStoreConformance.Check) async throws {
///     try await check.run(on: MyStore())
/// }
/// ```
public enum JobStoreConformance {
    /// One named check. It throws ``Failure`` when the store misbehaves.
    public struct Check: Sendable, CustomStringConvertible {
        /// What the check asserts.
        public let name: String
        let body: @Sendable (any JobStore) async throws -> Void

        /// Runs the check on `store`, which must be empty.
        public func run(on store: any JobStore) async throws {
            try await body(store)
        }

        public var description: String { name }
    }

    /// A broken rule: what was expected and what the store did.
    public struct Failure: Error, CustomStringConvertible {
        /// The check that failed.
        public let check: String
        /// What went wrong.
        public let message: String

        public var description: String { "\(check): \(message)" }
    }

    /// Every check. They expect the store's default `RunHistoryRetention`.
    public static let checks: [Check] = basics + conflicts + listing + claims + history
}

extension JobStoreConformance {
    static let base = Date(timeIntervalSince1970: 1_800_000_000)

    static func job(_ id: String, at offset: Double?, tags: Set<String> = [], paused: Bool = false) -> Job {
        var options = JobOptions()
        options.tags = tags
        return Job(
            id: JobID(id), name: "job \(id)",
            trigger: interval,
            target: .handler(name: "handler-\(id)", arguments: JobArguments(json: #"{"n":1}"#)), options: options,
            nextRunTime: paused ? nil : offset.map { base.addingTimeInterval($0) }, isPaused: paused)
    }

    /// Every minute from `base`: constant, valid arguments, so the initializer cannot throw.
    static let interval = try! IntervalTrigger(every: .seconds(60), start: base)  // safe: constant, valid arguments

    static func at(_ offset: Double) -> Date { base.addingTimeInterval(offset) }

    static func expect(_ condition: Bool, _ check: String, _ message: @autoclosure () -> String) throws {
        if !condition { throw Failure(check: check, message: message()) }
    }

    static func unwrap<T>(_ value: T?, _ check: String, _ message: @autoclosure () -> String) throws -> T {
        guard let value else { throw Failure(check: check, message: message()) }
        return value
    }

    static func expectError(
        _ code: SchedulerError.Code, _ check: String, _ work: () async throws -> Void
    ) async throws {
        do {
            try await work()
        } catch let error as SchedulerError where error.code == code {
            return
        } catch {
            throw Failure(check: check, message: "expected a \(code) error, got \(error)")
        }
        throw Failure(check: check, message: "expected a \(code) error, got none")
    }
}

