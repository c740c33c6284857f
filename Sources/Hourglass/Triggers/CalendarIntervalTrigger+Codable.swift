import Foundation

extension CalendarIntervalTrigger {
    private enum CodingKeys: String, CodingKey {
        case months, days, time, startDate, endDate, monthEnd, timeZone, jitterNanoseconds, daylightSaving
    }

    /// Reads `{"type": "calendarInterval", "version": 1, "months": 1, "days": 0,
    /// "time": {...}, "startDate": {...}, "monthEnd": "clamp", "timeZone": "UTC"}`.
    public init(from decoder: any Decoder) throws {
        try Self.decodeHeader(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self = try StoredTime.decoding(decoder) {
            try CalendarIntervalTrigger(
                months: container.decode(Int.self, forKey: .months), days: container.decode(Int.self, forKey: .days),
                at: container.decode(TimeOfDay.self, forKey: .time),
                startDate: container.decode(CivilDate.self, forKey: .startDate),
                endDate: container.decodeIfPresent(CivilDate.self, forKey: .endDate),
                monthEnd: container.decode(MonthEnd.self, forKey: .monthEnd),
                timeZone: container.decodeTimeZone(forKey: .timeZone),
                jitter: container.decodeDuration(forKey: .jitterNanoseconds),
                daylightSaving: container.decodeIfPresent(DaylightSavingPolicy.self, forKey: .daylightSaving)
                    ?? .automatic)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        try Self.encodeHeader(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(months, forKey: .months)
        try container.encode(days, forKey: .days)
        try container.encode(time, forKey: .time)
        try container.encode(startDate, forKey: .startDate)
        try container.encodeIfPresent(endDate, forKey: .endDate)
        try container.encode(monthEnd, forKey: .monthEnd)
        try container.encode(timeZone.identifier, forKey: .timeZone)
        try container.encodeDuration(jitter, forKey: .jitterNanoseconds)
        if daylightSaving != .automatic {
            try container.encode(daylightSaving, forKey: .daylightSaving)
        }
    }
}
