import Foundation

extension Trigger {
    /// The latest fire time at or before `date`, given `known`, a fire time at or before
    /// `date`.
    ///
    /// Costs O(log(date - known)) calls of ``nextFireTime(after:)``, never one call per
    /// missed fire time: an exponential search back from `date` finds an instant before
    /// the last fire time, then bisection narrows it down. A job that fires every second
    /// and was down for a year costs about 60 calls.
    public func latestFireTime(atOrBefore date: Date, from known: Date) throws(TriggerError) -> Date {
        guard let second = try nextFireTime(after: known), second <= date else { return known }
        // Invariant: the first fire time after `low` is at or before `date`; after `high`, it is not.
        let floor = second.timeIntervalSince1970 - 0.000_5
        let target = date.timeIntervalSince1970
        var high = target
        var span = 1.0
        var low = max(target - span, floor)
        while low > floor, try !firesAtOrBefore(target, after: low) {
            high = low
            span *= 2
            low = max(target - span, floor)
        }
        var latest = try nextFireTime(after: Date(timeIntervalSince1970: low)) ?? second
        while high - low > 0.000_1 {
            if let following = try nextFireTime(after: latest), following > date { return latest }
            let middle = (low + high) / 2
            if try firesAtOrBefore(target, after: middle) {
                low = middle
                latest = try nextFireTime(after: Date(timeIntervalSince1970: low)) ?? latest
            } else {
                high = middle
            }
        }
        return latest
    }

    private func firesAtOrBefore(_ target: Double, after instant: Double) throws(TriggerError) -> Bool {
        guard let next = try nextFireTime(after: Date(timeIntervalSince1970: instant)) else { return false }
        return next.timeIntervalSince1970 <= target
    }
}
