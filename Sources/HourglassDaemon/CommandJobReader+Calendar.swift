import Foundation
import Hourglass
import Yams

/// The `calendar` trigger of a job: steps, `at`, `start_date`, `end_date`, `month_end`.
extension CommandJobReader {
    func calendar(_ node: Node, zone: TimeZone, jitter: Duration?, job: String) throws(ConfigurationError) -> CalendarIntervalTrigger {
        let field = "calendar"
        guard let mapping = node.mapping else {
            throw reader.error(node, job: job, field: field, "must be a mapping: years, months, weeks, days, at, start_date")
        }
        let steps = ["years", "months", "weeks", "days"]
        try reader.checkKeys(mapping, allowed: steps + ["at", "start_date", "end_date", "month_end"], job: job)
        var step: [String: Int] = [:]
        for key in steps { step[key] = try reader.int(mapping[key], field: "\(field).\(key)", job: job) ?? 0 }
        var time = CalendarIntervalTrigger.TimeOfDay(hour: 0)
        if let text = try reader.string(mapping["at"], field: "\(field).at", job: job) {
            guard let parsed = Self.timeOfDay(text) else {
                throw reader.error(
                    mapping["at"], job: job, field: "\(field).at",
                    "\(ConfigurationReader.quoted(text)) is not a time of day like 18:00 or 18:00:30 (00:00 to 23:59:59)")
            }
            time = parsed
        }
        guard let startDate = try day(mapping["start_date"], field: "\(field).start_date", job: job) else {
            throw reader.error(node, job: job, field: "\(field).start_date", "is missing; give the first day, like 2026-01-31")
        }
        let endDate = try day(mapping["end_date"], field: "\(field).end_date", job: job)
        var monthEnd = CalendarIntervalTrigger.MonthEnd.clamp
        if let text = try reader.string(mapping["month_end"], field: "\(field).month_end", job: job) {
            guard text == "clamp" || text == "skip" else {
                throw reader.error(
                    mapping["month_end"], job: job, field: "\(field).month_end", "\(ConfigurationReader.quoted(text)) is not clamp or skip")
            }
            monthEnd = text == "skip" ? .skip : .clamp
        }
        do {
            return try CalendarIntervalTrigger(
                years: step["years"] ?? 0, months: step["months"] ?? 0, weeks: step["weeks"] ?? 0, days: step["days"] ?? 0,
                at: time, startDate: startDate, endDate: endDate, monthEnd: monthEnd, timeZone: zone, jitter: jitter)
        } catch {
            // A step beyond its limit names the step; anything else is the calendar's.
            if let key = error.field, steps.contains(key) {
                throw reader.error(mapping[key] ?? node, job: job, field: "\(field).\(key)", "\(error)")
            }
            throw reader.error(node, job: job, field: error.field == "jitter" ? "jitter" : field, "\(error)")
        }
    }

    /// A date written exactly `YYYY-MM-DD`, from 0001-01-01 to 9999-12-31.
    private func day(_ node: Node?, field: String, job: String) throws(ConfigurationError) -> CalendarIntervalTrigger.CivilDate? {
        guard let text = try reader.string(node, field: field, job: job) else { return nil }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.map(\.count) == [4, 2, 2], parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), year >= 1,
            ISO8601Timestamp.parse(text + "T00:00:00Z") != nil
        else {
            throw reader.error(
                node, job: job, field: field, "\(ConfigurationReader.quoted(text)) is not a calendar date like 2026-01-31")
        }
        return .init(year: year, month: month, day: day)
    }

    /// A time of day written `H:MM`, `HH:MM` or `HH:MM:SS`, or nil.
    static func timeOfDay(_ text: String) -> CalendarIntervalTrigger.TimeOfDay? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), (1...2).contains(parts[0].count), parts.dropFirst().allSatisfy({ $0.count == 2 }),
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else { return nil }
        let numbers = parts.compactMap { Int($0) }
        let second = numbers.count == 3 ? numbers[2] : 0
        guard numbers.count == parts.count, numbers[0] < 24, numbers[1] < 60, second < 60 else { return nil }
        return .init(hour: numbers[0], minute: numbers[1], second: second)
    }
}
