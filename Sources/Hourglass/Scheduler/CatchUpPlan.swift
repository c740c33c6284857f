import Foundation

/// Which due fire times of one claimed job run now, worked out in constant time however
/// long the scheduler was away (except ``CoalescePolicy/all``, bounded by the catch-up
/// limit). Made for each claimed job while a ``DispatchPlan`` is worked out.
struct CatchUpPlan {
    var dueTimes: DueTimes
    /// The first fire time beyond the catch-up limit, reported missed.
    var missedFrom: Date?
    /// The next fire time after those handled now, or nil when the trigger is finished.
    var following: Date?
    /// The first of the fire times merged into the run that goes (coalescing), and a
    /// sentence saying into which: recorded once for them all, in constant time.
    var merged: (first: Date, reason: String)?

    init(job: Job, firstDue: Date, now: Date) throws(TriggerError) {
        let trigger = job.trigger
        let second = try trigger.nextFireTime(after: firstDue)
        guard let second, second <= now else {
            dueTimes = DueTimes(firstDue)
            following = second
            return
        }
        switch job.options.coalesce.kind {
        case .latest:
            let latest = try trigger.latestFireTime(atOrBefore: now, from: second)
            dueTimes = DueTimes(latest)
            following = try trigger.nextFireTime(after: latest)
            merged = (firstDue, Self.mergedReason(from: firstDue, before: latest, into: latest, policy: "latest"))
        case .earliest:
            dueTimes = DueTimes(firstDue)
            following = try trigger.nextFireTime(after: now)
            merged = (second, Self.mergedReason(from: second, before: now, into: firstDue, policy: "earliest"))
        case .all:
            dueTimes = DueTimes(firstDue)
            following = second
            while let next = following, next <= now, dueTimes.count < job.options.catchUpLimit {
                dueTimes.rest.append(next)
                following = try trigger.nextFireTime(after: next)
            }
            if let next = following, next <= now {
                missedFrom = next
                following = try trigger.nextFireTime(after: now)
            }
        }
    }
}

extension CatchUpPlan {
    /// Says which fire times were merged into which run.
    static func mergedReason(from first: Date, before end: Date, into run: Date, policy: String) -> String {
        "coalesced: the fire times from \(ISO8601Timestamp.format(first, in: .gmt)) up to "
            + "\(ISO8601Timestamp.format(end, in: .gmt)) were merged into the run for "
            + "\(ISO8601Timestamp.format(run, in: .gmt)) (coalesce: \(policy))"
    }
}

/// The fire times a plan runs now: one, plus more only with ``CoalescePolicy/all``, so
/// the common case allocates nothing.
struct DueTimes: Sequence {
    let first: Date
    var rest: [Date] = []

    init(_ first: Date) { self.first = first }

    var count: Int { 1 + rest.count }

    func makeIterator() -> Iterator { Iterator(times: self) }

    struct Iterator: IteratorProtocol {
        let times: DueTimes
        var position = -1

        mutating func next() -> Date? {
            defer { position += 1 }
            if position < 0 { return times.first }
            return position < times.rest.count ? times.rest[position] : nil
        }
    }
}
