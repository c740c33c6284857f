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
    /// The values of one list item of the standard grammar: `*`, `a`, `a-b`, each with
    /// an optional `/step`; `a/step` means `a-highest/step`.
    func values(of item: CronToken) throws(TriggerError) -> StrideThrough<Int> {
        let parts = item.split("/")
        guard parts.count <= 2 else {
            throw .invalid(name, String(item.text), at: item.position, "has more than one '/' step")
        }
        var step = 1
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
        if base.text == "*" {
            return stride(from: lowest, through: highest, by: step)
        }
        let bounds = base.split("-")
        guard bounds.count <= 2 else {
            throw .invalid(name, String(item.text), at: item.position, "is not a range: use 'a-b' with one '-'")
        }
        let first = try value(of: bounds[0])
        var last = parts.count == 2 ? highest : first
        if bounds.count == 2 {
            last = try value(of: bounds[1])
            guard first <= last else {
                throw .invalid(
                    name, String(base.text), at: base.position,
                    "is a reversed range; write it from low to high or as a list")
            }
        }
        return stride(from: first, through: last, by: step)
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
