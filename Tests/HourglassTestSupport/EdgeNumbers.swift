import Foundation
import Hourglass
import HourglassTesting

/// Numbers for property tests of numeric fields: edge values (zero, negatives, the limits
/// and just past them, the largest integers, NaN and infinities) and random ones of every
/// magnitude, drawn from a seeded generator so that a failure repeats.
package enum EdgeNumbers {
    /// What a field holds.
    package enum Kind { case span, integer, real }

    package static let spanEdges = [
        "0", "0s", "-1s", "1ms", "1s", "36525d", "36526d", "106751d", "106752d", "9223372036854775807ms",
        "9223372036854775807d", "99999999999999999999d", "1.5s", "nan", "inf", "1d-1s", "3155760000s",
    ]
    package static let integerEdges = [
        "0", "-1", "1", "2", "\(Int.max)", "\(Int.min)", "99999999999999999999", "1e3", "0x10", "nan", "10000",
        "10001", "120000", "120001", "521775", "3652425", "3652426",
    ]
    package static let realEdges = [
        "nan", ".nan", "inf", ".inf", "-inf", "-.inf", "1e308", "1e400", "-0", "0", "1", "1.0000001", "2.5",
        "4.9e-324", "-1", "\(Double.greatestFiniteMagnitude)",
    ]

    /// An edge value half of the time, else a random one of any magnitude, as text.
    package static func text(_ kind: Kind, using random: inout SplitMix64) -> String {
        let edges = kind == .span ? spanEdges : kind == .integer ? integerEdges : realEdges
        if random.next() % 2 == 0 { return edges[Int(random.next() % UInt64(edges.count))] }
        switch kind {
        case .span:
            let units = ["ms", "s", "m", "h", "d"]
            var text = ""
            for _ in 0...(random.next() % 2) {
                text += "\(integer(using: &random).magnitude)" + units[Int(random.next() % UInt64(units.count))]
            }
            return text
        case .integer:
            return "\(integer(using: &random))"
        case .real:
            if random.next() % 4 == 0 { return "\(Double(bitPattern: random.next()))" }
            return "\(random.unit() * pow(10, Double(random.next() % 40)))"
        }
    }

    /// A random integer whose magnitude has a random number of bits, either sign.
    package static func integer(using random: inout SplitMix64) -> Int {
        let bits = Int(random.next() % 64)
        let magnitude = Int(truncatingIfNeeded: random.next() >> UInt64(64 - bits)) & Int.max
        return random.next() % 3 == 0 ? -magnitude : magnitude
    }

    /// A random span of any size, negative and zero included.
    package static func duration(using random: inout SplitMix64) -> Duration {
        switch random.next() % 4 {
        case 0: .seconds(36_525 * 86_400) + .nanoseconds(Int64(random.next() % 3) - 1)
        case 1: .nanoseconds(Int64(truncatingIfNeeded: random.next()))
        default: .milliseconds(integer(using: &random) / 1_000)
        }
    }

    /// Does with `job` what a scheduler and a store do: next fire times, descriptions,
    /// JSON round trips, jitter and back-off waits, so that any trap in them shows.
    package static func exercise(_ job: Job, from now: Date = Date(timeIntervalSince1970: 1_767_225_600)) throws {
        _ = try job.trigger.nextFireTimes(after: now, count: 3)
        _ = try job.trigger.nextFireTime(after: .distantFuture)
        _ = job.trigger.description
        let data = try JSONEncoder().encode(job)
        let decoded = try JSONDecoder().decode(Job.self, from: data)
        _ = decoded.options.storedJSONObject()
        _ = job.trigger.storedJSONObject()
        if let jitter = job.trigger.jitter, jitter > .zero {
            _ = now.addingTimeInterval(Double.random(in: 0...IntervalTrigger.seconds(jitter)))
        }
        if let timeout = job.options.timeout { _ = now.addingTimeInterval(IntervalTrigger.seconds(timeout)) }
        if let retry = job.options.retry {
            for attempt in [1, 2, 3, 10, 64, 1_000, Int.max] { _ = retry.backoff(afterAttempt: attempt) }
        }
    }
}
