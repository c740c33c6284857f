import Foundation

/// A directory of crontab files, such as `/etc/cron.d`, read as cron reads it: every
/// regular file in it, in name order, except hidden files and the leftovers of editors
/// and package managers (`php~`, `php.dpkg-old`, `php.rpmnew`, ...), which cron skips too.
/// The directory is listed again at each reload, so files that packages add or remove
/// are picked up on SIGHUP.
enum CrontabDirectory {
    /// The endings of files that are not crontabs: editor backups and package-manager copies.
    static let skippedEndings = [
        "~", ".swp", ".bak", ".dpkg-old", ".dpkg-dist", ".dpkg-new", ".dpkg-tmp", ".dpkg-bak", ".ucf-old",
        ".ucf-dist", ".ucf-new", ".rpmsave", ".rpmorig", ".rpmnew",
    ]

    /// Whether a file of this name in the directory is read.
    static func isCrontab(named name: String) -> Bool {
        !name.hasPrefix(".") && !skippedEndings.contains { name.hasSuffix($0) }
    }

    /// The crontab files in the directory at `path`, as absolute paths in name order; nil
    /// when `path` is not a directory.
    ///
    /// - Throws: ``ConfigurationError`` when the directory cannot be listed.
    static func files(at path: String) throws(ConfigurationError) -> [String]? {
        guard isDirectory(path) else { return nil }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw ConfigurationError(file: path, message: "cannot list the crontab directory: \(error.localizedDescription)")
        }
        return names.filter(isCrontab(named:)).sorted().map { URL(fileURLWithPath: path).appendingPathComponent($0).path }
            .filter { file in
                // Regular files (or links to them); subdirectories are not crontabs.
                FileManager.default.fileExists(atPath: file) && !isDirectory(file)
            }
    }

    /// Whether `path` is a directory (or a link to one).
    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
