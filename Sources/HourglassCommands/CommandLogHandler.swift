import Foundation
import Logging

/// Writes log lines to standard error as text or JSON, stamped to the millisecond in the
/// process's time zone (`TZ`), one `write` a line so that lines from several threads do not
/// mix.
struct CommandLogHandler: LogHandler {
    let label: String
    let format: LogFormat
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let explicit = event.metadata { merged.merge(explicit) { $1 } }
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        let line = LogLine(
            date: Date(), level: event.level, label: label, message: event.message.description, source: event.source,
            metadata: merged)
        FileHandle.standardError.write(Data((line.rendered(format, in: .current) + "\n").utf8))
    }
}
