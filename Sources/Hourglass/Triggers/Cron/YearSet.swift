/// The years a cron expression allows, as a bit set over 1970...9999.
struct YearSet: Sendable, Hashable {
    private var words: [UInt64]

    init() {
        words = Array(repeating: 0, count: (CivilCalendar.maximumYear - CivilCalendar.minimumYear) / 64 + 1)
    }

    mutating func insert(_ year: Int) {
        let bit = year - CivilCalendar.minimumYear
        words[bit >> 6] |= 1 << UInt64(bit & 63)
    }

    var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    /// The first allowed year that is `year` or later, if any.
    func first(atOrAfter year: Int) -> Int? {
        var bit = max(year, CivilCalendar.minimumYear) - CivilCalendar.minimumYear
        guard year <= CivilCalendar.maximumYear else { return nil }
        var index = bit >> 6
        var word = words[index] >> UInt64(bit & 63)
        if word != 0 { return CivilCalendar.minimumYear + bit + word.trailingZeroBitCount }
        index += 1
        while index < words.count {
            word = words[index]
            if word != 0 {
                bit = index << 6
                return CivilCalendar.minimumYear + bit + word.trailingZeroBitCount
            }
            index += 1
        }
        return nil
    }

    /// Every allowed year, in order.
    var years: [Int] {
        var result: [Int] = []
        var next = first(atOrAfter: CivilCalendar.minimumYear)
        while let year = next {
            result.append(year)
            next = first(atOrAfter: year + 1)
        }
        return result
    }
}
