import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs the program `arguments[0]` (a path) with the rest as its arguments, waits for it,
/// and returns its exit status (128 + the signal when a signal ended it).
///
/// posix_spawn and waitpid, not Foundation's `Process`: `Process` reports a failed
/// posix_spawn with `errno`, which posix_spawn leaves as it was, and twice in CI a stale
/// ENOENT hid the real error. This throws posix_spawn's own error, or waitpid's.
///
/// - Parameter environment: `NAME=value` entries; nil passes this process's environment.
package func runProgram(_ arguments: [String], environment: [String]? = nil) throws -> Int32 {
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    let envp: [UnsafeMutablePointer<CChar>?]? = environment.map { $0.map { strdup($0) } + [nil] }
    defer { for string in argv + (envp ?? []) { free(string) } }
    var pid: pid_t = 0
    let spawned: Int32
    if var entries = envp {
        spawned = posix_spawn(&pid, arguments[0], nil, nil, &argv, &entries)
    } else {
        spawned = posix_spawn(&pid, arguments[0], nil, nil, &argv, environ)
    }
    guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 {
        guard errno == EINTR else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }
    let signal = status & 0x7f
    return signal == 0 ? (status >> 8) & 0xff : 128 + signal
}
