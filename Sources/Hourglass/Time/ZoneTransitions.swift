import Foundation
import Synchronization

/// A cache of the UTC offsets and transitions of one time zone.
///
/// Foundation answers "what is the offset at this instant" and "when is the next
/// transition" one call at a time; the cron engine needs both on every computation.
/// This cache asks Foundation once per block of about 34 years and then answers from
/// sorted arrays. Instances are shared per zone identifier and never shrink; a block
/// holds a few dozen transitions for a zone with daylight saving time.
final class ZoneTransitions: Sendable {
    /// One change of offset: from `instant` on, `offsetAfter` applies.
    struct Transition: Sendable {
        let instant: Int64
        let offsetAfter: Int32
    }

    /// A stretch of time with one offset, as the DST rules need to see it.
    struct Segment {
        /// The transition that starts this segment, if it lies within the look-back window.
        var start: Int64?
        /// The offset before `start` (equal to `offset` when `start` is nil).
        var previousOffset: Int64
        /// The offset in this segment.
        var offset: Int64
        /// The next transition, or nil when the zone has no further transitions.
        var end: Int64?
    }

    private struct Block: Sendable {
        let offsetAtStart: Int32
        let transitions: [Transition]
    }

    /// 2^30 seconds, about 34 years.
    private static let blockShift: Int64 = 30
    private static let blockLength: Int64 = 1 << blockShift
    /// How far back a segment looks for the transition that started it. Longer than any
    /// overlap or gap in the tz database (the longest are one day, at date-line moves).
    static let lookBack: Int64 = 2 * 86_400

    let timeZone: TimeZone
    /// The offset when the zone never changes it (UTC, fixed-offset zones).
    let fixedOffset: Int64?
    private let state = Mutex(State())

    private struct State {
        var blocks: [Int64: Block] = [:]
        /// Foundation reported no transition at all after this instant.
        var quietFrom: Int64 = .max
    }

    private static let registry = Mutex<[String: ZoneTransitions]>([:])

    /// The shared cache for `timeZone`.
    static func shared(for timeZone: TimeZone) -> ZoneTransitions {
        registry.withLock { zones in
            if let cached = zones[timeZone.identifier] { return cached }
            let created = ZoneTransitions(timeZone: timeZone)
            zones[timeZone.identifier] = created
            return created
        }
    }

    private init(timeZone: TimeZone) {
        self.timeZone = timeZone
        let hasTransitions = timeZone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: -2_208_988_800)) != nil
        fixedOffset = hasTransitions ? nil : Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: 0)))
    }

    /// The UTC offset in seconds at `instant` (Unix seconds).
    func offset(at instant: Int64) -> Int64 {
        if let fixedOffset { return fixedOffset }
        let block = self.block(index: instant >> Self.blockShift)
        if let index = Self.lastIndex(in: block.transitions, atOrBefore: instant) {
            return Int64(block.transitions[index].offsetAfter)
        }
        return Int64(block.offsetAtStart)
    }

    /// The segment that contains `instant`, with the transition that began it (if recent)
    /// and the one that ends it.
    func segment(containing instant: Int64) -> Segment {
        if let fixedOffset {
            return Segment(start: nil, previousOffset: fixedOffset, offset: fixedOffset, end: nil)
        }
        let index = instant >> Self.blockShift
        let block = self.block(index: index)
        var segment: Segment
        if let last = Self.lastIndex(in: block.transitions, atOrBefore: instant) {
            let transition = block.transitions[last]
            let previous = last > 0 ? block.transitions[last - 1].offsetAfter : block.offsetAtStart
            segment = Segment(
                start: instant - transition.instant <= Self.lookBack ? transition.instant : nil,
                previousOffset: Int64(previous), offset: Int64(transition.offsetAfter), end: nil)
            if last + 1 < block.transitions.count {
                segment.end = block.transitions[last + 1].instant
                return segment
            }
        } else {
            let offset = Int64(block.offsetAtStart)
            segment = Segment(start: nil, previousOffset: offset, offset: offset, end: nil)
            if instant - (index << Self.blockShift) <= Self.lookBack, index > Int64.min >> Self.blockShift {
                // The transition that began this segment may sit at the end of the block before.
                let before = self.block(index: index - 1)
                if let transition = before.transitions.last, instant - transition.instant <= Self.lookBack {
                    let count = before.transitions.count
                    let previous = count > 1 ? before.transitions[count - 2].offsetAfter : before.offsetAtStart
                    segment.start = transition.instant
                    segment.previousOffset = Int64(previous)
                }
            }
            if let first = block.transitions.first {
                segment.end = first.instant
                return segment
            }
        }
        segment.end = nextTransition(afterBlock: index)
        return segment
    }

    /// The first transition in any block after `index`, or nil if the zone has none.
    private func nextTransition(afterBlock index: Int64) -> Int64? {
        var next = index + 1
        let limit = (Int64(CivilCalendar.maximumYear + 2 - 1970) * 31_557_600) >> Self.blockShift
        while next <= limit {
            if next << Self.blockShift >= state.withLock({ $0.quietFrom }) { return nil }
            if let first = block(index: next).transitions.first { return first.instant }
            next += 1
        }
        return nil
    }

    private func block(index: Int64) -> Block {
        if let cached = state.withLock({ $0.blocks[index] }) { return cached }
        let (computed, quiet) = computeBlock(index: index)
        state.withLock { state in
            state.blocks[index] = computed
            if let quiet { state.quietFrom = min(state.quietFrom, quiet) }
        }
        return computed
    }

    /// The block's transitions, and the instant after which Foundation knows no more
    /// transitions, if it said so.
    private func computeBlock(index: Int64) -> (Block, quietFrom: Int64?) {
        let start = index << Self.blockShift
        let end = start + Self.blockLength
        let offsetAtStart = Int32(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(start))))
        var transitions: [Transition] = []
        var cursor = Date(timeIntervalSince1970: Double(start))
        while true {
            guard let next = timeZone.nextDaylightSavingTimeTransition(after: cursor) else {
                return (Block(offsetAtStart: offsetAtStart, transitions: transitions),
                        Int64(cursor.timeIntervalSince1970.rounded(.up)))
            }
            let instant = Int64(next.timeIntervalSince1970.rounded(.down))
            guard instant < end else { break }
            let offsetAfter = Int32(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant))))
            let offsetBefore = transitions.last?.offsetAfter ?? offsetAtStart
            if offsetAfter != offsetBefore {
                transitions.append(Transition(instant: instant, offsetAfter: offsetAfter))
            }
            cursor = next > cursor ? next : cursor.addingTimeInterval(1)
        }
        return (Block(offsetAtStart: offsetAtStart, transitions: transitions), nil)
    }

    @inline(__always)
    private static func lastIndex(in transitions: [Transition], atOrBefore instant: Int64) -> Int? {
        var low = 0
        var high = transitions.count
        while low < high {
            let mid = (low + high) >> 1
            if transitions[mid].instant <= instant { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? nil : low - 1
    }
}
