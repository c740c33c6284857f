import Foundation
import Hourglass

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Ends a command together with its daemon.
///
/// Every command runs under a small `/bin/sh` script (``script``) that starts it as a
/// child and starts a watcher beside it. The watcher reads a pipe whose only write end the
/// daemon holds: when the daemon dies, the kernel closes that end, the read ends, and the
/// watcher kills the command's whole process group. When the command ends by itself, the
/// script stops the watcher and exits as the command did (with its status, or by its
/// signal). Commands that outlived a `kill -9` of their daemon used to overlap the runs
/// that a restarted daemon started.
struct CommandWatch {
    /// The script's arguments are the command to run, program first; its standard input
    /// is the watch pipe, which the command does not get (it reads `/dev/null`). The
    /// script outlives a `SIGTERM` to the group until its command has ended, so a command
    /// that ignores `SIGTERM` still gets the `SIGKILL` after the grace period. As any
    /// command started in the background by `sh`, the command starts with `SIGINT` and
    /// `SIGQUIT` ignored; the daemon ends commands with `SIGTERM` and `SIGKILL` only.
    static let script = """
        exec 3<&0 </dev/null
        trap : TERM
        "$@" 3<&- &
        command=$!
        (trap - TERM; if ! read -r _ <&3; then kill -KILL 0; fi) &
        watcher=$!
        exec 3<&-
        while :; do
            wait "$command"
            status=$?
            kill -0 "$command" 2>/dev/null || break
        done
        kill -KILL "$watcher" 2>/dev/null
        wait "$watcher" 2>/dev/null
        if [ "$status" -gt 128 ]; then
            signal=$(kill -l "$status")
            trap - "$signal"
            kill -s "$signal" $$
        fi
        exit "$status"
        """

    /// The end the command's script reads, handed to it as standard input.
    let readEnd: FileDescriptor
    /// The end only this process holds (close-on-exec, so no child inherits it).
    private let writeEnd: Int32

    /// A new watch pipe, both ends closed on exec (the read end becomes the child's
    /// standard input, which exec keeps). A child spawned by another thread between
    /// `pipe` and `fcntl` gets no copy either: Subprocess closes every descriptor above
    /// standard error in its children.
    init() throws {
        var ends: [Int32] = [0, 0]
        let made = pipe(&ends) == 0 && fcntl(ends[0], F_SETFD, FD_CLOEXEC) == 0 && fcntl(ends[1], F_SETFD, FD_CLOEXEC) == 0
        guard made else {
            throw SchedulerError(
                code: .invalidState, field: "command",
                reason: "could not create the pipe that ends a command with its daemon: \(String(cString: strerror(errno)))")
        }
        readEnd = FileDescriptor(rawValue: ends[0])
        writeEnd = ends[1]
    }

    /// Closes this process's end; a watcher still reading then kills its command, so call
    /// it only once the command has ended.
    func close() {
        #if canImport(Darwin)
            _ = Darwin.close(writeEnd)
        #else
            _ = Glibc.close(writeEnd)
        #endif
    }

    /// The program a `command:` job names, as a path: found on `PATH` (the job's, else the
    /// daemon's) when it has no `/`. The script runs it by that path.
    ///
    /// - Throws: ``SchedulerError`` when no executable file has that name, so that a
    ///   mistyped program is an error, not a run.
    static func resolve(_ program: String, environment: [String: String]) throws -> String {
        let fileManager = FileManager.default
        if program.contains("/") {
            guard fileManager.isExecutableFile(atPath: program) else {
                throw SchedulerError(code: .invalidArgument, field: "command", reason: "'\(program)' is not an executable file")
            }
            return program
        }
        let path = environment["PATH"] ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (directory.isEmpty ? "." : String(directory)) + "/" + program
            if !program.isEmpty, fileManager.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw SchedulerError(code: .invalidArgument, field: "command", reason: "no program '\(program)' on PATH (\(path))")
    }
}
