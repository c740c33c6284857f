import Foundation

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
        let elapsed = start.duration(to: clock.now)
        let (seconds, attoseconds) = elapsed.components
        return (result, Measurement(seconds: Double(seconds) + Double(attoseconds) / 1e18, cpuSeconds: cpuNow() - cpuStart))
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
