import Foundation
import Hourglass
import HourglassTestSupport
import Testing

/// The built `hourglass` executable, run as a real process by the end-to-end tests. Its
/// output goes to files, not pipes, so that nothing waits on a descriptor a child keeps.
struct HourglassBinary {
    /// What a finished command printed, and how it exited.
    struct Result {
        let status: Int32
        let output: String
        let errorOutput: String
    }

    /// The executable, built beside the test bundle.
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("hourglass")
    }

    /// The directory the commands run in and write their output to.
    let directory: TemporaryDirectory

    /// Starts `hourglass arguments...`, with `environment` added to the test's; its standard
    /// output and error go to `log`.
    func start(_ arguments: [String], log: String, environment: [String: String] = [:]) throws -> Process {
        try launch(arguments, output: log, errorOutput: log, environment: environment)
    }

    /// Starts `hourglass run arguments...` and waits until it has synced its file;
    /// expects it to be running then (its log is in the message otherwise).
    func startDaemon(_ arguments: [String] = [], log: String) async throws -> Process {
        let daemon = try start(["run"] + arguments, log: log)
        try await waitUntil("the daemon has started") { self.log(log).contains("hourglass daemon started") || !daemon.isRunning }
        #expect(daemon.isRunning, "\(self.log(log))")
        return daemon
    }

    /// Stops `daemon` with SIGTERM and expects it to exit by itself with status 0.
    func stop(_ daemon: Process, log: String) async throws {
        kill(daemon.processIdentifier, SIGTERM)
        try await waitForExit(daemon, "the daemon has stopped")
        #expect(daemon.terminationReason == .exit && daemon.terminationStatus == 0, "\(self.log(log))")
    }

    /// Runs `hourglass arguments...` to its end, with `environment` added to the test's;
    /// `wrapper` is a command that runs the binary (`setpriv` options, say).
    func run(_ arguments: [String], environment: [String: String] = [:], wrapper: [String] = []) async throws -> Result {
        let name = "command-\(UUID().uuidString)"
        let process = try launch(
            arguments, output: name + ".out", errorOutput: name + ".err", environment: environment, wrapper: wrapper)
        try await waitForExit(process, "hourglass \(arguments.joined(separator: " ")) has ended")
        return Result(
            status: process.terminationStatus, output: try String(contentsOfFile: directory.path(name + ".out"), encoding: .utf8),
            errorOutput: try String(contentsOfFile: directory.path(name + ".err"), encoding: .utf8))
    }

    /// Starts the binary in the directory, writing to the files `output` and `errorOutput` (which may be one).
    private func launch(
        _ arguments: [String], output: String, errorOutput: String, environment: [String: String], wrapper: [String] = []
    ) throws -> Process {
        let process = Process()
        if let program = wrapper.first {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = wrapper.dropFirst() + [Self.executable.path] + arguments
        } else {
            process.executableURL = Self.executable
            process.arguments = arguments
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = directory.url
        var handles: [String: FileHandle] = [:]
        for name in [output, errorOutput] where handles[name] == nil {
            _ = FileManager.default.createFile(atPath: directory.path(name), contents: nil)
            handles[name] = try FileHandle(forWritingTo: directory.url.appendingPathComponent(name))
        }
        process.standardOutput = handles[output]
        process.standardError = handles[errorOutput]
        try process.run()
        for handle in handles.values { try handle.close() }
        return process
    }

    /// The runs of `job` as `hourglass history --json` prints them, newest first; `wrapper`
    /// is a command that runs the binary (`nsenter` options, say).
    func history(_ job: String, arguments: [String] = [], wrapper: [String] = []) async throws -> [RunRecord] {
        let result = try await run(["history", job, "--json", "--limit", "100"] + arguments, wrapper: wrapper)
        guard result.status == 0 else { throw CommandFailed(result: result) }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = ISO8601Timestamp.parse(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a timestamp: \(text)"))
            }
            return date
        }
        return try decoder.decode([RunRecord].self, from: Data(result.output.utf8))
    }

    /// What a process wrote to `log` so far.
    func log(_ log: String) -> String {
        (try? String(contentsOfFile: directory.path(log), encoding: .utf8)) ?? ""
    }
}

/// A command that exited with a status other than 0.
struct CommandFailed: Error, CustomStringConvertible {
    let result: HourglassBinary.Result
    var description: String { "exit status \(result.status): \(result.errorOutput)" }
}
