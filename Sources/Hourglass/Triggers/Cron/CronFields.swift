/// A cron schedule written as named fields, with APScheduler's meaning.
///
/// Every field takes a comma-separated list of `*`, `*/n`, `a`, `a-b`, `a-b/n` or `a/n`.
/// `dayOfWeek` is `mon`...`sun` or 0 (Monday)...6; `day` also takes `last`, `last fri`
/// and `1st`...`5th` followed by a weekday. Unlike crontab strings, `day` and
/// `dayOfWeek` must both match. Fields above the least significant one given default
/// to `*`, fields below it to their minimum: `CronFields(hour: "9")` fires at 09:00:00
/// every day.
public struct CronFields: Sendable, Hashable, Codable {
    /// Years, 1970-9999.
    public var year: String?
    /// Months, 1-12 or `jan`...`dec`.
    public var month: String?
    /// Days of the month, 1-31, `last`, `last fri`, `2nd mon`.
    public var day: String?
    /// ISO-8601 weeks, 1-53.
    public var week: String?
    /// Days of the week, `mon`...`sun` or 0 (Monday)...6.
    public var dayOfWeek: String?
    /// Hours, 0-23.
    public var hour: String?
    /// Minutes, 0-59.
    public var minute: String?
    /// Seconds, 0-59.
    public var second: String?

    /// Creates a field set; nil fields take APScheduler's defaults.
    public init(
        year: String? = nil, month: String? = nil, day: String? = nil, week: String? = nil,
        dayOfWeek: String? = nil, hour: String? = nil, minute: String? = nil, second: String? = nil
    ) {
        self.year = year
        self.month = month
        self.day = day
        self.week = week
        self.dayOfWeek = dayOfWeek
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    enum CodingKeys: String, CodingKey {
        case year, month, day, week, dayOfWeek = "day_of_week", hour, minute, second
    }

    /// The fields as given, most significant first.
    var orderedValues: [String?] { [year, month, day, week, dayOfWeek, hour, minute, second] }

    /// Every field with APScheduler's defaults filled in, most significant first.
    var resolved: [String] {
        let values = orderedValues
        let defaults = ["*", "1", "1", "*", "*", "0", "0", "0"]
        let lastGiven = values.lastIndex { $0 != nil } ?? -1
        return values.enumerated().map { index, value in
            value ?? (index < lastGiven ? "*" : defaults[index])
        }
    }

    /// The fields as `name=value` pairs, as given.
    var summary: String {
        let names = ["year", "month", "day", "week", "day_of_week", "hour", "minute", "second"]
        return zip(names, orderedValues).compactMap { name, value in value.map { "\(name)=\($0)" } }
            .joined(separator: ",")
    }
}
