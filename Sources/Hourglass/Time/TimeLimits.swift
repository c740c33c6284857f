import Foundation

/// The largest spans and calendar steps Hourglass accepts, checked when a trigger or
/// options are made or decoded, so that no arithmetic on them can overflow: a span of
/// 2^63 nanoseconds (about 292 years) would not fit the stored form, and steps far beyond
/// the calendar's years 1-9999 would overflow when multiplied.
public enum TimeLimits {
    /// The longest interval, jitter, misfire grace time, timeout or back-off: 100 years of
    /// 365.25 days (`36525d`).
    public static let maximumSpan = Duration.seconds(36_525 * 86_400)

    /// The largest calendar step in months, years counting as 12: 10,000 years.
    public static let maximumCalendarMonths = 120_000

    /// The largest calendar step in days, weeks counting as 7: 10,000 years of 365.2425 days.
    public static let maximumCalendarDays = 3_652_425

    /// The longest span as the daemon's file writes it, with its meaning.
    package static let maximumSpanText = "36525d (100 years)"

    /// What every error about a span over ``maximumSpan`` says.
    package static let tooLong = "is longer than the longest span of time allowed, \(maximumSpanText)"

    /// Why `span` cannot be used, or nil when it is at most ``maximumSpan``.
    package static func problem(with span: Duration) -> String? {
        span > maximumSpan ? tooLong : nil
    }

    /// The earliest and latest whole seconds since 1970 that triggers compute with: a little
    /// beyond the years 1 and 9999, so that any instant outside is as good as these.
    private static let instantRange: ClosedRange<Double> = -62_200_000_000...253_500_000_000

    /// `date` in whole seconds since 1970, rounded by `rule`, clamped to the calendar's
    /// years (a NaN counts as the latest instant), so that converting it cannot trap.
    package static func wholeSeconds(_ date: Date, rounded rule: FloatingPointRoundingRule) -> Int64 {
        let seconds = date.timeIntervalSince1970
        guard !seconds.isNaN else { return Int64(instantRange.upperBound) }
        return Int64(min(max(seconds, instantRange.lowerBound), instantRange.upperBound).rounded(rule))
    }
}
