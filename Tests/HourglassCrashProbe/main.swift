// A scheduler process for the crash and cluster tests: `hourglass-crash-probe STORE LOG [ID]
// [SCHEMA]` runs the jobs of STORE as scheduler ID (default "probe") until SIGTERM (a
// graceful shutdown) or SIGKILL. STORE is an SQLite file, or a postgres:// URL whose store
// lives in SCHEMA (default "hourglass"). Every run of handler "tick" appends "start JOB
// FIRE" when it starts and "end JOB FIRE" when it ends to LOG, FIRE being the scheduled
// fire time in seconds since 1970, and takes HOURGLASS_PROBE_RUN_MS milliseconds (default
// 600) in between so that a kill finds runs in flight.
import Dispatch
import Foundation
import Hourglass
import HourglassPostgres
import HourglassSQLite
import PostgresNIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

let arguments = CommandLine.arguments
guard (3...5).contains(arguments.count) else {
    FileHandle.standardError.write(Data("usage: hourglass-crash-probe STORE LOG [ID] [SCHEMA]\n".utf8))
    exit(2)
}
let log = open(arguments[2], O_WRONLY | O_APPEND | O_CREAT, 0o644)
guard log >= 0 else {
    FileHandle.standardError.write(Data("cannot open \(arguments[2])\n".utf8))
    exit(1)
}

/// Appends one line with a single write, so a kill never leaves half a line.
@Sendable func note(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(log, $0.baseAddress, $0.count) }
}

var configuration = Scheduler.Configuration()
configuration.schedulerID = arguments.count >= 4 ? arguments[3] : "probe"
configuration.lease = .seconds(2)
let scheduler = Scheduler(configuration: configuration)
if arguments[1].hasPrefix("postgres") {
    let client = PostgresClient(configuration: try PostgresJobStore.clientConfiguration(url: arguments[1]))
    Task { await client.run() }
    var storeConfiguration = PostgresJobStore.Configuration()
    storeConfiguration.schema = arguments.count == 5 ? arguments[4] : "hourglass"
    try await scheduler.addStore(PostgresJobStore(client: client, configuration: storeConfiguration), named: "durable")
} else {
    try await scheduler.addStore(SQLiteJobStore(path: arguments[1]), named: "durable")
}
let runMilliseconds = ProcessInfo.processInfo.environment["HOURGLASS_PROBE_RUN_MS"].flatMap(Int.init) ?? 600
await scheduler.register("tick") { context in
    let run = "\(context.jobID) \(context.scheduledFireTime.timeIntervalSince1970)"
    note("start \(run)")
    try await Task.sleep(for: .milliseconds(runMilliseconds))
    note("end \(run)")
}

signal(SIGTERM, SIG_IGN)
let termination = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .main)
termination.setEventHandler {
    Task {
        await scheduler.shutdown()
        exit(0)
    }
}
termination.resume()

try await scheduler.start()
while true { try await Task.sleep(for: .seconds(3_600)) }
