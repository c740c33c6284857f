/// What a wall-clock trigger (cron, calendar interval) does when a daylight saving
/// transition removes or repeats the wall times it names.
///
/// The default follows cron(8): a *fixed-time* job (second, minute and hour fields
/// that do not start with `*`) runs once at the first instant after a gap and once,
/// in the first pass, in an overlap; a *wildcard* job skips wall times that do not
/// exist and runs in both passes of an overlap. Set `gap` or `overlap` to override.
public struct DaylightSavingPolicy: Sendable, Hashable, Codable {
    /// What happens to wall times that a spring-forward transition skips.
    public struct Gap: Sendable, Hashable, Codable {
        private enum Kind: String, Codable { case runAfterGap, skip }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// Run once at the first instant after the gap (runs in one gap merge into one).
        public static let runAfterGap = Gap(.runAfterGap)
        /// Do not run for wall times that do not exist.
        public static let skip = Gap(.skip)

        public init(from decoder: any Decoder) throws {
            kind = try Kind(from: decoder)
        }

        public func encode(to encoder: any Encoder) throws {
            try kind.encode(to: encoder)
        }
    }

    /// What happens to wall times that a fall-back transition repeats.
    public struct Overlap: Sendable, Hashable, Codable {
        private enum Kind: String, Codable { case firstPass, bothPasses }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// Run once, in the first pass of the repeated wall times.
        public static let firstPass = Overlap(.firstPass)
        /// Run in both passes, as real time passes.
        public static let bothPasses = Overlap(.bothPasses)

        public init(from decoder: any Decoder) throws {
            kind = try Kind(from: decoder)
        }

        public func encode(to encoder: any Encoder) throws {
            try kind.encode(to: encoder)
        }
    }

    /// The gap rule; nil follows cron(8) (run after the gap for fixed-time jobs, skip for wildcard jobs).
    public var gap: Gap?
    /// The overlap rule; nil follows cron(8) (first pass for fixed-time jobs, both for wildcard jobs).
    public var overlap: Overlap?

    /// Creates a policy; leave a rule nil to follow cron(8).
    public init(gap: Gap? = nil, overlap: Overlap? = nil) {
        self.gap = gap
        self.overlap = overlap
    }

    /// cron(8)'s rule for both gaps and overlaps.
    public static let automatic = DaylightSavingPolicy()

    /// The rules in force for a job that is a wildcard job or not.
    func resolved(isWildcard: Bool) -> WallClockRules {
        WallClockRules(
            runAfterGap: (gap ?? (isWildcard ? .skip : .runAfterGap)) == .runAfterGap,
            runBothPasses: (overlap ?? (isWildcard ? .bothPasses : .firstPass)) == .bothPasses)
    }
}
