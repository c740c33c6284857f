import Foundation

/// `hourglass-bench <workload> [--chain N]`: runs one workload of `../shared/bench/` on
/// Hourglass and prints one JSON line with the same keys as the Python anchor.
let arguments = Array(CommandLine.arguments.dropFirst())
let usage = "usage: hourglass-bench w1 [--chain N]"

func option(_ name: String, default value: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count,
        let parsed = Int(arguments[index + 1])
    else { return value }
    return parsed
}

do {
    switch arguments.first {
    case "w1":
        printJSON(try W1CronNext.run(chain: option("--chain", default: 10_000)))
    default:
        FileHandle.standardError.write(Data((usage + "\n").utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("hourglass-bench: \(error)\n".utf8))
    exit(1)
}
