import Foundation

/// `hourglass-bench <workload> [options]`: runs one workload of `../shared/bench/` on
/// Hourglass and prints one JSON line with the same keys as the Python anchor. Workloads
/// that measure memory run each case in a child process, `hourglass-bench --child ...`.
let arguments = Array(CommandLine.arguments.dropFirst())
let usage = """
    usage: hourglass-bench w1 [--chain N]
           hourglass-bench w2 [--ns 100000,1000000] [--cases \(W2JobAdd.cases.joined(separator: ","))]
           hourglass-bench w3 [--ns 10000,100000] [--variants \(W3Dispatch.variants.joined(separator: ","))]
           hourglass-bench w4 [--n 1000] [--spread 10] [--seed 42] [--variants task_async]
           hourglass-bench w5 [--dir /dev/shm] [--n-add 10000] [--n-dispatch 5000]
                              [--variants \(W5SQLiteStore.variants.joined(separator: ","))]
           hourglass-bench w6 --url postgres://USER@HOST:PORT/DB [--n-add 10000] [--n-dispatch 5000] [--nodes 1,3]
    """

/// The value after `name`, or `value` when it is absent or does not parse.
func option<Value: LosslessStringConvertible>(_ name: String, default value: Value) -> Value {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count,
        let parsed = Value(arguments[index + 1])
    else { return value }
    return parsed
}

/// The comma-separated values after `name`, or `values` when it is absent or one does not parse.
func listOption<Value: LosslessStringConvertible>(_ name: String, default values: [Value]) -> [Value] {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return values }
    let items = arguments[index + 1].split(separator: ",")
    let parsed = items.compactMap { Value(String($0)) }
    return parsed.isEmpty || parsed.count != items.count ? values : parsed
}

do {
    switch arguments.first {
    case "w1":
        printJSON(try W1CronNext.run(chain: option("--chain", default: 10_000)))
    case "w2":
        printJSON(
            try W2JobAdd.run(
                ns: listOption("--ns", default: [100_000, 1_000_000]), cases: listOption("--cases", default: W2JobAdd.cases)))
    case "w3":
        printJSON(
            try W3Dispatch.run(
                ns: listOption("--ns", default: [10_000, 100_000]),
                variants: listOption("--variants", default: W3Dispatch.variants)))
    case "w4":
        printJSON(
            try W4Lateness.run(
                n: option("--n", default: 1000), spread: option("--spread", default: 10.0),
                seed: option("--seed", default: 42), variants: listOption("--variants", default: ["task_async"])))
    case "w5":
        printJSON(
            try W5SQLiteStore.run(
                directory: option("--dir", default: "/dev/shm"), nAdd: option("--n-add", default: 10_000),
                nDispatch: option("--n-dispatch", default: 5_000),
                variants: listOption("--variants", default: W5SQLiteStore.variants)))
    case "w6":
        guard let index = arguments.firstIndex(of: "--url"), index + 1 < arguments.count else {
            throw BenchmarkError("w6 needs --url; scripts/postgres-test-server.sh start prints one for a private server")
        }
        printJSON(
            try W6PostgresStore.run(
                url: arguments[index + 1], nAdd: option("--n-add", default: 10_000),
                nDispatch: option("--n-dispatch", default: 5_000), nodes: listOption("--nodes", default: [1, 3])))
    case "--child" where arguments.count > 1:
        let rest = Array(arguments.dropFirst(2))
        switch arguments[1] {
        case "w2": printJSON(try await W2JobAdd.child(rest))
        case "w3": printJSON(try await W3Dispatch.child(rest))
        case "w4": printJSON(try await W4Lateness.child(rest))
        case "w5": printJSON(try await W5SQLiteStore.child(rest))
        case "w6": printJSON(try await W6PostgresStore.child(rest))
        default: throw BenchmarkError("no child workload '\(arguments[1])'")
        }
    default:
        FileHandle.standardError.write(Data((usage + "\n").utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("hourglass-bench: \(error)\n".utf8))
    exit(1)
}
