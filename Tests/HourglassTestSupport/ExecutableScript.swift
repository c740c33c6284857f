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
        // posix_spawn and waitpid, not Foundation's Process: once in a CI run, the script did
        // not exist when run right after `Process.waitUntilExit()` had returned (ENOENT).
        // waitpid returns only once `install` has exited.
        var pid: pid_t = 0
        let arguments = ["/usr/bin/install", "-m", "755", source, script]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        var environment: [UnsafeMutablePointer<CChar>?] = [strdup("PATH=/usr/bin:/bin"), nil]
        defer { for string in argv + environment { free(string) } }
        let spawned = posix_spawn(&pid, arguments[0], nil, nil, &argv, &environment)
        var status: Int32 = 0
        if spawned == 0 {
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        }
        try? FileManager.default.removeItem(atPath: source)
        guard spawned == 0, status == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: script])
        }
        return script
    }
}
