import Foundation

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
        defer { try? FileManager.default.removeItem(atPath: source) }
        let status = try runProgram(["/usr/bin/install", "-m", "755", source, script], environment: ["PATH=/usr/bin:/bin"])
        guard status == 0 else {
            throw CocoaError(
                .fileWriteUnknown,
                userInfo: [NSFilePathErrorKey: script, NSLocalizedDescriptionKey: "install of \(script) exited with status \(status)"])
        }
        return script
    }
}
