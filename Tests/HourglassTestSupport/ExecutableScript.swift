import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension TemporaryDirectory {
    /// Writes an executable `#!/bin/sh` script named `name` with `body` and returns its path.
    ///
    /// The script file is written by a child `install` process, never through a descriptor of
    /// the test process. Tests run in parallel and spawn processes: a child forked while this
    /// process held the script open for writing keeps that descriptor until it execs or exits,
    /// and executing the script meanwhile fails with "Text file busy" (ETXTBSY). The body goes
    /// first to a source file that is never executed, so only `install` opens the script.
    package func writeScript(_ name: String, _ body: String) throws -> String {
        let source = path(".\(name).source")
        let script = path(name)
        try ("#!/bin/sh\n" + body + "\n").write(toFile: source, atomically: false, encoding: .utf8)
        // posix_spawn and waitpid, not Foundation's Process, which reports a failed
        // posix_spawn with `errno` (posix_spawn returns its error and leaves errno as it
        // was): twice in CI a stale ENOENT said that a script just written did not exist.
        // If waitpid cannot tell how `install` ended, the script must be there, executable.
        var pid: pid_t = 0
        let arguments = ["/usr/bin/install", "-m", "755", source, script]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        var environment: [UnsafeMutablePointer<CChar>?] = [strdup("PATH=/usr/bin:/bin"), nil]
        defer { for string in argv + environment { free(string) } }
        let spawned = posix_spawn(&pid, arguments[0], nil, nil, &argv, &environment)
        var status: Int32 = 0
        var waited: pid_t = -1
        var waitError: Int32 = 0
        if spawned == 0 {
            repeat {
                waited = waitpid(pid, &status, 0)
                waitError = waited == -1 ? errno : 0
            } while waited == -1 && waitError == EINTR
        }
        // `install`'s status is unknown (reaped elsewhere, say), so look for its result.
        var lookedFor = 0
        while spawned == 0, waited == -1, access(script, X_OK) != 0, lookedFor < 5_000 {
            usleep(1_000)
            lookedFor += 1
        }
        try? FileManager.default.removeItem(atPath: source)
        guard spawned == 0, waited == -1 || status == 0, access(script, X_OK) == 0 else {
            let reason =
                "install of \(script): posix_spawn \(spawned), waitpid \(waited) (errno \(waitError)), status \(status), "
                + "not executable after \(lookedFor) ms"
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: script, NSLocalizedDescriptionKey: reason])
        }
        return script
    }
}
