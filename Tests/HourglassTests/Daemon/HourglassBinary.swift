import Foundation
import Hourglass

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

    /// Starts `hourglass arguments...`; its standard output and error go to `log`.
    func start(_ arguments: [String], log: String) throws -> Process {
        _ = FileManager.default.createFile(atPath: directory.path(log), contents: nil)
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory.url
        let handle = try FileHandle(forWritingTo: directory.url.appendingPathComponent(log))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        try handle.close()
        return process
    }

    /// Runs `hourglass arguments...` to its end.
    func run(_ arguments: [String]) async throws -> Result {
        let name = "command-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: directory.path(name + ".out"), contents: nil)
        _ = FileManager.default.createFile(atPath: directory.path(name + ".err"), contents: nil)
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory.url
        let output = try FileHandle(forWritingTo: directory.url.appendingPathComponent(name + ".out"))
        let errorOutput = try FileHandle(forWritingTo: directory.url.appendingPathComponent(name + ".err"))
        process.standardOutput = output
        process.standardError = errorOutput
        try process.run()
        try output.close()
        try errorOutput.close()
        try await Self.waitForExit(process, "hourglass \(arguments.joined(separator: " ")) has ended")
        return Result(
            status: process.terminationStatus, output: try String(contentsOfFile: directory.path(name + ".out"), encoding: .utf8),
            errorOutput: try String(contentsOfFile: directory.path(name + ".err"), encoding: .utf8))
    }

    /// The runs of `job` as `hourglass history --json` prints them, newest first.
    func history(_ job: String, arguments: [String] = []) async throws -> [RunRecord] {
        let result = try await run(["history", job, "--json", "--limit", "100"] + arguments)
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

    /// Waits for `process` to exit (polling: `waitUntilExit` can hang while a grandchild holds a descriptor).
    static func waitForExit(_ process: Process, _ what: String, timeout: Duration = .seconds(30)) async throws {
        try await waitUntil(what, timeout: timeout) { !process.isRunning }
    }
}

/// A command that exited with a status other than 0.
struct CommandFailed: Error, CustomStringConvertible {
    let result: HourglassBinary.Result
    var description: String { "exit status \(result.status): \(result.errorOutput)" }
}
