import ArgumentParser

/// How `hourglass run` writes its log lines to standard error.
enum LogFormat: String, CaseIterable, ExpressibleByArgument, Sendable {
    /// `2026-03-27T12:00:00.042+01:00 info hourglass: key=value [Module] message`.
    case text
    /// One JSON object a line: `timestamp`, `level`, `message`, `source`, then each metadata
    /// key as a field of its own.
    case json
}
