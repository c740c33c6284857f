import Foundation
import Subprocess

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// Runs a program for a notification, as the daemon runs commands (swift-subprocess, a
/// session of its own so that ending it ends what it started): `input` on its standard
/// input, read from an unlinked temporary file (so a program that does not read it never
/// meets a broken pipe), its output and errors kept up to 4 KiB for the error message.
enum ProcessDelivery {
    /// How the program ended.
    struct Outcome {
        var exitStatus: Int32?
        var signal: Int32?
        var output: String

        var succeeded: Bool { exitStatus == 0 }

        /// `exit status 3: <output>` or `killed by signal 9`.
        var description: String {
            let ending = exitStatus.map { "exit status \($0)" } ?? "killed by signal \(signal ?? 0)"
            let text = output.trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? ending : "\(ending): \(text)"
        }
    }

    static let outputLimit = 4096

    /// Runs `program` (a path, or a name looked up in `PATH`) with `arguments`, the
    /// daemon's environment updated with `environment`, and `input`; ends it (SIGTERM to its
    /// group, SIGKILL 2 s later) after `timeout`.
    static func run(
        _ program: String, arguments: [String], environment: [String: String], input: [UInt8], timeout: Duration
    ) async throws -> Outcome {
        let inputFile = try temporaryInput(input)
        return try await withThrowingTaskGroup(of: Outcome?.self) { group in
            group.addTask {
                try await launch(program, arguments: arguments, environment: environment, input: inputFile)
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let outcome = first else {
                throw NotifierError("\(program) did not end within \(timeout); it was ended")
            }
            return outcome
        }
    }

    private static func launch(
        _ program: String, arguments: [String], environment: [String: String], input: FileDescriptor
    ) async throws -> Outcome {
        var options = PlatformOptions()
        options.createSession = true
        options.teardownSequence = [
            .send(signal: .terminate, toProcessGroup: true, allowedDurationToNextStep: .seconds(2)),
            .send(signal: .kill, toProcessGroup: true, allowedDurationToNextStep: .milliseconds(100)),
        ]
        var updates: [Environment.Key: String?] = [:]
        for (name, value) in environment { updates[Environment.Key(stringLiteral: name)] = value }
        let executable: Executable = program.contains("/") ? .path(FilePath(program)) : .name(program)
        let result = try await Subprocess.run(
            executable, arguments: Arguments(arguments), environment: .inherit.updating(updates), platformOptions: options,
            input: .fileDescriptor(input, closeAfterSpawningProcess: true), output: .sequence, error: .combinedWithOutput
        ) { execution in
            var kept: [UInt8] = []
            for try await buffer in execution.standardOutput {
                buffer.withUnsafeBytes { bytes in kept.append(contentsOf: bytes.prefix(max(0, outputLimit - kept.count))) }
            }
            return kept
        }
        var outcome = Outcome(output: String(decoding: result.closureResult, as: UTF8.self))
        switch result.terminationStatus {
        case .exited(let code): outcome.exitStatus = code
        case .signaled(let signal): outcome.signal = signal
        }
        return outcome
    }

    /// An open descriptor on an unlinked temporary file holding `bytes`, at its start.
    private static func temporaryInput(_ bytes: [UInt8]) throws -> FileDescriptor {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hourglass-notify-\(UUID().uuidString)").path
        let descriptor = try FileDescriptor.open(
            FilePath(path), .readWrite, options: [.create, .exclusiveCreate], permissions: [.ownerReadWrite])
        _ = unlink(path)
        do {
            _ = try descriptor.writeAll(bytes)
            _ = try descriptor.seek(offset: 0, from: .start)
        } catch {
            try? descriptor.close()
            throw error
        }
        return descriptor
    }
}
