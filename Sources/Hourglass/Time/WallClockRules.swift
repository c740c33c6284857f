/// A schedule of wall times: the first matching wall time (wall seconds, see
/// `CivilCalendar`) at or after a given one.
protocol WallClockSchedule {
    func nextWallTime(atOrAfter wall: Int64) -> Int64?
}

extension CronSchedule: WallClockSchedule {}

/// Turns a schedule of wall times into instants in one time zone, by the DST rules of
/// SEMANTICS.md. The time line is cut at every transition into segments of one offset;
/// inside a segment wall time and real time move together.
struct WallClockRules: Sendable, Hashable {
    /// A wall time inside a gap runs at the first instant after the gap.
    var runAfterGap: Bool
    /// A wall time inside an overlap runs in both passes.
    var runBothPasses: Bool

    /// The first instant (Unix seconds) strictly after `after` at which `schedule` fires
    /// in `zone`, or nil if there is none.
    @inline(__always)
    func nextInstant(
        after: Int64, in zone: ZoneTransitions, schedule: some WallClockSchedule
    ) -> Int64? {
        if let offset = zone.fixedOffset {
            return schedule.nextWallTime(atOrAfter: after + 1 + offset).map { $0 - offset }
        }
        var candidate = after + 1
        while true {
            let segment = zone.segment(containing: candidate)
            let offset = segment.offset
            var lowWall = candidate + offset
            if let start = segment.start {
                if segment.previousOffset < offset, start == candidate, runAfterGap {
                    // Wall times [start + previousOffset, start + offset) do not exist.
                    if let wall = schedule.nextWallTime(atOrAfter: start + segment.previousOffset),
                        wall < start + offset
                    {
                        return start
                    }
                }
                if segment.previousOffset > offset, !runBothPasses {
                    // Wall times up to start + previousOffset were shown before the transition.
                    lowWall = max(lowWall, start + segment.previousOffset)
                }
            }
            guard let wall = schedule.nextWallTime(atOrAfter: lowWall) else { return nil }
            guard let end = segment.end else { return wall - offset }
            if wall < end + offset { return wall - offset }
            candidate = end
        }
    }
}
