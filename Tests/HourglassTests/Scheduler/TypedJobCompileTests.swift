import Foundation
import Testing

/// The compiler refuses a typed job whose arguments are not its handler's: these tests
/// type-check small programs against the Hourglass module that the tests were built with.
@Suite("The typed job API is checked by the compiler")
struct TypedJobCompileTests {
    /// The folder of the built modules, beside the test bundle.
    static let modules = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("Modules")

    static let declarations = """
        import Hourglass
        struct Report: Codable, Sendable { var recipient: String }
        struct Invoice: Codable, Sendable { var number: Int }
        let sendReport = JobName<Report>("send-report")
        """

    /// Type-checks `body` after the declarations; returns the compiler's errors.
    func typeCheck(_ body: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("typed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("main.swift")
        try (Self.declarations + "\nfunc use(_ scheduler: Scheduler) async throws {\n" + body + "\n}\n")
            .write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swiftc", "-typecheck", "-swift-version", "6", "-I", Self.modules.path, file.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return process.terminationStatus == 0 ? "" : output
    }

    @Test(
        "matching arguments compile",
        .enabled(if: FileManager.default.fileExists(atPath: modules.appendingPathComponent("Hourglass.swiftmodule").path)))
    func matching() throws {
        let errors = try typeCheck("""
            await scheduler.register(sendReport) { report, _ in print(report.recipient) }
            try await scheduler.add(id: "weekly", cron: "0 9 * * mon", handler: sendReport, arguments: Report(recipient: "ops"))
            """)
        #expect(errors == "")
    }

    @Test(
        "arguments of another type do not compile",
        .enabled(if: FileManager.default.fileExists(atPath: modules.appendingPathComponent("Hourglass.swiftmodule").path)))
    func wrongArguments() throws {
        let errors = try typeCheck("""
            try await scheduler.add(id: "weekly", cron: "0 9 * * mon", handler: sendReport, arguments: Invoice(number: 7))
            """)
        #expect(errors.contains("cannot convert value of type 'Invoice' to expected argument type 'Report'"), "\(errors)")
    }

    @Test(
        "a handler that takes another type does not compile",
        .enabled(if: FileManager.default.fileExists(atPath: modules.appendingPathComponent("Hourglass.swiftmodule").path)))
    func wrongHandler() throws {
        let errors = try typeCheck("""
            await scheduler.register(sendReport) { (invoice: Invoice, _) in print(invoice.number) }
            """)
        #expect(errors.contains("error:"), "a handler of Invoice registered for a JobName<Report>")
        #expect(errors.contains("Invoice"), "\(errors)")
    }
}
