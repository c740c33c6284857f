import Foundation
import Hourglass
import Yams

extension DaemonConfiguration {
    /// The store a file uses: its `store` value (a relative path taken from the file's
    /// directory), else `HOURGLASS_STORE`, else `hourglass.sqlite` beside the file.
    static func storeLocation(_ node: Node?, reader: ConfigurationReader) throws(ConfigurationError) -> String {
        let directory = URL(fileURLWithPath: reader.file).deletingLastPathComponent()
        if let written = try reader.string(node, field: "store", job: nil) {
            guard !written.isEmpty else {
                throw reader.error(node, field: "store", "is empty; name an SQLite file or a postgres:// URL, or leave it out")
            }
            do {
                return try DaemonStore.location(written, relativeTo: directory)
            } catch {
                throw reader.error(node, field: "store", error.description)
            }
        }
        do {
            guard let location = try DaemonStore.fromEnvironment(reader.environment) else {
                return directory.appendingPathComponent("hourglass.sqlite").path
            }
            try DaemonStore.checkScheme(location)
            return location
        } catch {
            // The expansion's and the scheme check's messages hold no password.
            throw reader.error(nil, field: "store", "given by \(DaemonStore.environmentVariable) (the file names no store): \(error)")
        }
    }
}
