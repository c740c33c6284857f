/// The syntax of one cron field: its name in messages, its bounds and its names.
struct CronFieldSyntax: Sendable {
    /// The field's name in error messages (`"day-of-week"`).
    let name: String
    let lowest: Int
    let highest: Int
    /// Lower-case names and their values (`"jan": 1`).
    let names: [String: Int]
    /// What a name in this field is (`"weekday"`), for messages.
    let nameKind: String?

    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let weekdayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    static let second = CronFieldSyntax(name: "second", lowest: 0, highest: 59, names: [:], nameKind: nil)
    static let minute = CronFieldSyntax(name: "minute", lowest: 0, highest: 59, names: [:], nameKind: nil)
    static let hour = CronFieldSyntax(name: "hour", lowest: 0, highest: 23, names: [:], nameKind: nil)
    static let dayOfMonth = CronFieldSyntax(name: "day-of-month", lowest: 1, highest: 31, names: [:], nameKind: nil)
    static let month = CronFieldSyntax(
        name: "month", lowest: 1, highest: 12,
        names: Dictionary(uniqueKeysWithValues: monthNames.enumerated().map { ($1, $0 + 1) }), nameKind: "month")
    /// Crontab day-of-week: 0 and 7 are Sunday.
    static let crontabDayOfWeek = CronFieldSyntax(
        name: "day-of-week", lowest: 0, highest: 7,
        names: Dictionary(uniqueKeysWithValues: weekdayNames.enumerated().map { ($1, $0) }), nameKind: "weekday")
    static let year = CronFieldSyntax(
        name: "year", lowest: CivilCalendar.minimumYear, highest: CivilCalendar.maximumYear, names: [:], nameKind: nil)
    /// Field-based (APScheduler) day-of-week: 0 is Monday.
    static let fieldsDayOfWeek = CronFieldSyntax(
        name: "day_of_week", lowest: 0, highest: 6,
        names: ["mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6], nameKind: "weekday")
    static let isoWeek = CronFieldSyntax(name: "week", lowest: 1, highest: 53, names: [:], nameKind: nil)

    /// A copy with another name in messages.
    func named(_ name: String) -> CronFieldSyntax {
        CronFieldSyntax(name: name, lowest: lowest, highest: highest, names: names, nameKind: nameKind)
    }
}

/// A piece of an expression with its 1-based position in the whole expression.
struct CronToken {
    let text: Substring
    let position: Int

    /// Splits on `separator`, keeping empty pieces and their positions.
    func split(_ separator: Character) -> [CronToken] {
        var pieces: [CronToken] = []
        var start = text.startIndex
        var offset = position
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == separator {
                pieces.append(CronToken(text: text[start..<index], position: offset))
                offset += text.distance(from: start, to: index) + 1
                start = text.index(after: index)
            }
            index = text.index(after: index)
        }
        pieces.append(CronToken(text: text[start..<text.endIndex], position: offset))
        return pieces
    }

    /// The token from character `offset` on.
    func dropFirst(_ offset: Int) -> CronToken {
        CronToken(text: text.dropFirst(offset), position: position + offset)
    }
}

extension CronFieldSyntax {
    /// How a list item may be written beyond the standard grammar.
    struct ItemRules {
        /// Whether a range whose end is below its start wraps past the field's maximum
        /// (`22-2`); when false it is an error, as in APScheduler's fields.
        var wraps = false
        /// The job id that `H` values are hashed from; nil when `H` is not allowed here
        /// or no id was given.
        var hashID: String?
        /// Whether `H` is part of the grammar at all (crontab strings).
        var allowsHash = false

        /// The rules of crontab strings for a job with this hash id.
        static func crontab(hashID: String?) -> ItemRules {
            ItemRules(wraps: true, hashID: hashID, allowsHash: true)
        }
    }

    /// Whether this is crontab's day-of-week, 0-7 with both 0 and 7 for Sunday.
    private var isSundayTwice: Bool { highest == 7 && lowest == 0 && nameKind == "weekday" }

    /// The values of one list item of the standard grammar: `*`, `a`, `a-b`, each with
    /// an optional `/step`; `a/step` means `a-highest/step`. With `rules.wraps`, a range
    /// whose end is below its start wraps (`22-2`); with `rules.allowsHash`, `H`,
    /// `H(a-b)` and their steps pick hashed values (see ``HashedValue``).
    func values(of item: CronToken, _ rules: ItemRules = ItemRules()) throws(TriggerError) -> [Int] {
        let parts = item.split("/")
        guard parts.count <= 2 else {
            throw .invalid(name, String(item.text), at: item.position, "has more than one '/' step")
        }
        var step: Int?
        if parts.count == 2 {
            let stepToken = parts[1]
            guard !stepToken.text.isEmpty, stepToken.text.allSatisfy(\.isASCIIDigit),
                let parsed = Int(stepToken.text)
            else {
                throw .invalid(name, String(item.text), at: item.position, "needs a whole number of at least 1 after '/'")
            }
            guard parsed >= 1 else {
                throw .invalid(name, String(item.text), at: item.position, "has a step of 0; use a step of at least 1")
            }
            step = parsed
        }
        let base = parts[0]
        if rules.allowsHash, base.text.hasPrefix("H") {
            return try HashedValue.values(of: base, step: step, item: item, in: self, hashID: rules.hashID)
        }
        if base.text == "*" {
            return Array(stride(from: lowest, through: highest, by: step ?? 1))
        }
        let bounds = base.split("-")
        guard bounds.count <= 2 else {
            throw .invalid(name, String(item.text), at: item.position, "is not a range: use 'a-b' with one '-'")
        }
        let first = try value(of: bounds[0])
        var last = step == nil ? first : highest
        if bounds.count == 2 {
            last = try value(of: bounds[1])
            // `mon-sun`: a range that starts after Sunday and ends at Sunday ends at 7.
            if isSundayTwice, last == 0, first > 0 { last = 7 }
        }
        return try range(first, last, step: step ?? 1, rules: rules, text: base)
    }

    /// The values from `first` through `last`, every `step`-th, wrapping past the
    /// field's maximum when `last` is below `first` and the rules allow it.
    private func range(_ first: Int, _ last: Int, step: Int, rules: ItemRules, text: CronToken) throws(TriggerError)
        -> [Int]
    {
        if first <= last { return Array(stride(from: first, through: last, by: step)) }
        guard rules.wraps else {
            throw .invalid(
                name, String(text.text), at: text.position,
                "is a reversed range; write it from low to high or as a list")
        }
        // Day-of-week wraps on the seven days 0-6.
        let (low, high) = isSundayTwice ? (0, 6) : (lowest, highest)
        let (from, through) = isSundayTwice ? (first % 7, last % 7) : (first, last)
        if from <= through { return Array(stride(from: from, through: through, by: step)) }
        let walk = Array(from...high) + Array(low...through)
        return stride(from: 0, to: walk.count, by: step).map { walk[$0] }
    }

    /// One number or name, checked against the field's bounds.
    func value(of token: CronToken) throws(TriggerError) -> Int {
        let text = token.text
        guard !text.isEmpty else {
            throw .invalid(name, String(text), at: token.position, "is missing a value")
        }
        if text.allSatisfy(\.isASCIIDigit) {
            guard let number = Int(text), (lowest...highest).contains(number) else {
                throw .invalid(name, String(text), at: token.position, "is out of range \(lowest)-\(highest)")
            }
            return number
        }
        if let number = names[text.lowercased()] { return number }
        if let nameKind {
            throw .invalid(name, String(text), at: token.position, "is not a \(nameKind)")
        }
        throw .invalid(name, String(text), at: token.position, "is not a number in \(lowest)-\(highest)")
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
