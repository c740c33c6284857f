import Foundation
import Hourglass

/// W1: chains of "next fire time strictly after the previous one", as
/// `../shared/bench/w1_cron_next.py` runs them on APScheduler and croniter.
enum W1CronNext {
    static let expressions = [
        "* * * * *", "*/5 * * * *", "*/15 * * * *", "0 * * * *", "0 */6 * * *", "0 0 * * *", "30 2 * * *",
        "0 9 * * mon-fri", "0 22 * * mon-fri", "*/10 9-17 * * mon-fri", "0 12 * * sun", "5 4 * * sun",
        "15,45 */2 * * *", "23 0-20/2 * * *", "0 6,18 * * *", "0 0 1 * *", "0 0 15 * *", "0 0 31 * *",
        "0 0 1 */3 *", "0 0 29 2 *", "0 0 L * *",
    ]
    static let zones = ["UTC", "Europe/Berlin"]

    static func run(chain: Int) throws -> [String: Any] {
        var results: [[String: Any]] = []
        for zoneName in zones {
            let zone = try TimeZone.named(zoneName)
            let midnight = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
            let start = midnight.addingTimeInterval(-Double(zone.secondsFromGMT(for: midnight)))
            var total = 0
            var seconds = 0.0
            var cpuSeconds = 0.0
            var perExpression: [[String: Any]] = []
            for expression in expressions {
                let trigger = try CronTrigger(expression, timeZone: zone)
                var times: [Date] = []
                times.reserveCapacity(chain)
                let (_, measurement) = Measurement.run {
                    var previous = start
                    for _ in 0..<chain {
                        guard let next = trigger.nextFireTime(after: previous) else { break }
                        times.append(next)
                        previous = next
                    }
                }
                total += times.count
                seconds += measurement.seconds
                cpuSeconds += measurement.cpuSeconds
                let text = times.map { String(Int64($0.timeIntervalSince1970)) }.joined(separator: "\n")
                perExpression.append([
                    "expr": expression, "n": times.count,
                    "us_per": rounded(measurement.seconds / Double(max(times.count, 1)) * 1e6, 4),
                    "last_utc": times.last.map { ISO8601Timestamp.format($0, in: .gmt) } ?? NSNull(),
                    "fp": String(SHA256.hex(Array(text.utf8)).prefix(16)),
                ])
            }
            results.append([
                "impl": "hourglass", "tz": zoneName, "computations": total, "seconds": rounded(seconds, 4),
                "cpu_seconds": rounded(cpuSeconds, 4), "per_sec": Int((Double(total) / seconds).rounded()),
                "per_cpu_sec": Int((Double(total) / cpuSeconds).rounded()), "per_expr": perExpression,
            ])
        }
        return [
            "workload": "W1", "desc": "cron next-fire-time chain throughput",
            "params": [
                "chain": chain, "start_local": "2026-01-01T00:00:00", "zones": zones, "expressions": expressions,
            ],
            "versions": versions,
            "loadavg_1m_at_end": loadAverage(), "results": results, "fingerprint_disagreements": [] as [Any],
        ]
    }
}
