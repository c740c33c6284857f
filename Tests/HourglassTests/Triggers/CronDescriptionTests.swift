import Testing

@testable import Hourglass
import HourglassTestSupport

@Suite("Cron descriptions")
struct CronDescriptionTests {
    @Test(
        "Times of day",
        arguments: [
            ("* * * * *", "Every minute"),
            ("*/5 * * * *", "Every 5 minutes"),
            ("0 * * * *", "Every hour"),
            ("@hourly", "Every hour"),
            ("0 */2 * * *", "Every 2 hours"),
            ("0 9-17 * * *", "Every hour, between 09:00 and 17:59"),
            ("0 1-23/2 * * *", "Every 2 hours, between 01:00 and 23:59"),
            ("*/15 9-17 * * *", "Every 15 minutes, between 09:00 and 17:59"),
            ("30 2 * * *", "At 02:30"),
            ("0 6,18 * * *", "At 06:00 and 18:00"),
            ("0,30 9 * * *", "At 09:00 and 09:30"),
            ("0 1,3,5,8,13 * * *", "At 01:00, 03:00, 05:00, 08:00 and 13:00"),
            ("15,45 */2 * * *", "At 15 and 45 minutes past the hour, every 2 hours"),
            ("5 * * * *", "At 5 minutes past the hour"),
            ("5-10 9 * * *", "Every minute, from 5 through 10 minutes past the hour, between 09:00 and 09:59"),
            ("0-30/10 * * * *", "Every 10 minutes, from 0 through 30 minutes past the hour"),
            ("*/30 * * * * *", "Every 30 seconds"),
            ("*/30 */5 * * * *", "Every 30 seconds, every 5 minutes"),
            ("15 30 9 * * *", "At 09:30:15"),
        ])
    func timesOfDay(expression: String, expected: String) throws {
        let description = try CronExpression(expression).humanDescription
        #expect(description == expected)
    }

    @Test(
        "Days of the month and of the week",
        arguments: [
            ("0 9 * * mon-fri", "At 09:00, Monday through Friday"),
            ("0 8 * * sat,sun", "At 08:00, only on Saturday and Sunday"),
            ("0 8 * * 0-4", "At 08:00, Sunday through Thursday"),
            ("0 0 1 * *", "At 00:00, on day 1 of the month"),
            ("0 0 1-7,15 * *", "At 00:00, on days 1 through 7 and 15 of the month"),
            ("0 0 */2 * *", "At 00:00, on every 2nd day of the month"),
            ("0 0 L * *", "At 00:00, on the last day of the month"),
            ("0 0 LW * *", "At 00:00, on the last weekday of the month"),
            ("0 0 L-3 * *", "At 00:00, 3 days before the last day of the month"),
            ("0 0 1,L * *", "At 00:00, on day 1 and the last day of the month"),
            ("0 0 15W * *", "At 00:00, on the weekday nearest day 15 of the month"),
            ("0 0 * * 5L", "At 00:00, on the last Friday of the month"),
            ("0 0 * * 1#2", "At 00:00, on the second Monday of the month"),
            ("0 0 1 * 1", "At 00:00, on day 1 of the month or on Monday"),
            ("0 0 1-31 * 1", "At 00:00"),
            ("0 0 * * fri-mon", "At 00:00, Friday through Monday"),
            ("0 0 * * mon-sun", "At 00:00"),
            ("0 0 31-1 * *", "At 00:00, on days 1 and 31 of the month"),
            ("0 0 L-3W * *", "At 00:00, on the weekday nearest 3 days before the last day of the month"),
            ("0 0 L-0W * *", "At 00:00, on the weekday nearest the last day of the month"),
            ("0 0 25-L * *", "At 00:00, on day 25 through the last day of the month"),
            ("0 0 1-L/8 * *", "At 00:00, on every 8th day from day 1 through the last day of the month"),
        ])
    func days(expression: String, expected: String) throws {
        let description = try CronExpression(expression).humanDescription
        #expect(description == expected)
    }

    @Test(
        "Months and years",
        arguments: [
            ("0 12 1 1 *", "At 12:00, on day 1 of the month, only in January"),
            ("0 0 1,15 */3 *", "At 00:00, on days 1 and 15 of the month, every 3 months"),
            ("0 0 * 3-5 *", "At 00:00, in March through May"),
            ("0 0 0 1 1 ? 2026", "At 00:00, on day 1 of the month, only in January, only in 2026"),
            ("0 0 0 * * ? 2026-2028", "At 00:00, in 2026 through 2028"),
            ("0 0 0 * * ? 2026,2030", "At 00:00, only in 2026 and 2030"),
            ("0 0 0 * * ? 2030-9999", "At 00:00, in 2030 or later"),
        ])
    func monthsAndYears(expression: String, expected: String) throws {
        let description = try CronExpression(expression).humanDescription
        #expect(description == expected)
    }

    @Test(
        "Named fields",
        arguments: [
            (CronFields(dayOfWeek: "mon-fri", hour: "9"), "At 09:00, Monday through Friday"),
            (CronFields(day: "1", dayOfWeek: "mon", hour: "0"), "At 00:00, on day 1 of the month, if it is a Monday"),
            (
                CronFields(day: "1", dayOfWeek: "sat,sun", hour: "0"),
                "At 00:00, on day 1 of the month, if it is a Saturday or a Sunday"
            ),
            (CronFields(day: "last fri", hour: "18"), "At 18:00, on the last Friday of the month"),
            (CronFields(week: "1,53"), "At 00:00, in ISO weeks 1 and 53"),
            (CronFields(week: "10-12", dayOfWeek: "mon"), "At 00:00, only on Monday, in ISO weeks 10 through 12"),
            (CronFields(minute: "*/10"), "Every 10 minutes"),
        ])
    func namedFields(fields: CronFields, expected: String) throws {
        let description = try CronExpression(fields: fields).humanDescription
        #expect(description == expected)
    }

    @Test("A crontab string and named fields with the same meaning read the same")
    func sameMeaningSameText() throws {
        let crontab = try CronExpression("0 9 * * mon-fri")
        let fields = try CronExpression(fields: CronFields(dayOfWeek: "mon-fri", hour: "9"))
        #expect(crontab.humanDescription == fields.humanDescription)
    }

    @Test(
        "Unusual expressions still read as a capitalised sentence",
        arguments: [
            "0-59/7 0-23/5 */9 2-11/3 1,3,5#3,6L", "0 59 23 31 12 ? 2099", "0 0 0 ? * 7L *", "1,2,4,8,16,32 * * * *",
            "* * * * * * *", "0 0 L-30 * *", "0 0 29 2 ?", "0 0 1W,LW,L-1 * *",
        ])
    func unusualExpressions(expression: String) throws {
        let description = try CronExpression(expression).humanDescription
        #expect(description.first?.isUppercase == true)
        #expect(!description.contains("  ") && !description.hasSuffix(","))
    }
}
