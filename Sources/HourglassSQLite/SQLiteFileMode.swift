#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A store file readable and writable by its owner only: it holds command output and
/// environment values.
enum SQLiteFileMode {
    /// `rw-------`.
    static let ownerOnly: mode_t = 0o600

    /// Creates `path` empty with mode 0600, whatever the umask, unless it exists (an
    /// existing file keeps its mode). SQLite creates the `-wal` and `-shm` files with the
    /// main file's mode, so they are 0600 too. A path that cannot be created is left to
    /// SQLite, whose error says why.
    static func createOwnerOnly(_ path: String) {
        guard !path.isEmpty, path != ":memory:", !path.hasPrefix("file:") else { return }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, ownerOnly)
        guard descriptor >= 0 else { return }
        // The umask may have taken bits away (0200 leaves 0400); set them exactly.
        _ = fchmod(descriptor, ownerOnly)
        _ = close(descriptor)
    }
}
