import Foundation
import Hourglass

/// Wall and CPU time of a piece of work.
struct Measurement {
    var seconds: Double
    var cpuSeconds: Double

    static func cpuNow() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    static func run<T>(_ body: () throws -> T) rethrows -> (T, Measurement) {
        let clock = ContinuousClock()
        let cpuStart = cpuNow()
        let start = clock.now
        let result = try body()
        return (result, Measurement(seconds: start.duration(to: clock.now).seconds, cpuSeconds: cpuNow() - cpuStart))
    }
}

/// The one-minute load average, as the Python anchors report it.
func loadAverage() -> Double {
    var loads = [Double](repeating: 0, count: 3)
    return getloadavg(&loads, 3) > 0 ? (loads[0] * 100).rounded() / 100 : 0
}

/// One JSON line on standard output.
func printJSON(_ object: [String: Any]) {
    guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    else { return }
    print(String(decoding: data, as: UTF8.self))
}

func rounded(_ value: Double, _ places: Double) -> Double {
    let scale = pow(10, places)
    return (value * scale).rounded() / scale
}

/// Mebibytes rounded to 0.1, as the anchors print memory.
func mebibytes(_ bytes: Int) -> Double {
    rounded(Double(bytes) / 1_048_576, 1)
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

/// Wall-clock seconds since 1970, as Python's `time.time()` (and the scheduler's clock) sees it.
func wallSeconds() -> Double {
    Date().timeIntervalSince1970
}

/// The resident set size now: resident pages of `/proc/self/statm` times the page size.
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * sysconf(Int32(_SC_PAGESIZE))
}

/// The peak resident set size of this process (`ru_maxrss`, KiB on Linux).
func peakResidentBytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss * 1024
}

/// Nearest-rank percentile of sorted values, exactly as `pct()` in the Python anchors.
func percentile(_ sorted: [Double], _ p: Double) -> Double {
    let rank = Int((p / 100 * Double(sorted.count) + 0.5).rounded(.toNearestOrEven)) - 1
    return sorted[max(0, min(sorted.count - 1, rank))]
}

/// `prefix` followed by `number` zero-padded to `width` digits, as Python's `f"j{i:07d}"`.
func paddedID(_ prefix: String, _ number: Int, width: Int) -> JobID {
    let digits = String(number)
    return JobID(prefix + String(repeating: "0", count: max(0, width - digits.count)) + digits)
}

/// Runs this executable again as `hourglass-bench --child <arguments>` and returns the
/// JSON object its one line of output holds: one fresh process per measured case, so
/// peak RSS is that case's alone, as in the anchors.
func runChild(_ arguments: [String]) throws -> [String: Any] {
    let process = Process()
    process.executableURL = URL(
        fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0])
    process.arguments = ["--child"] + arguments
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0,
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
    else {
        throw BenchmarkError("child \(arguments.joined(separator: " ")) exited with status \(process.terminationStatus)")
    }
    return object
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

#if compiler(>=6.3)
let swiftVersion = "6.3"
#else
let swiftVersion = "6.x"
#endif

/// The `versions` object of every workload's output.
var versions: [String: Any] { ["hourglass": "main", "swift": swiftVersion] }
