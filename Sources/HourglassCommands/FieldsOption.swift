import Hourglass

/// Reads `--fields 'day=last fri,hour=9'`: `name=value` pairs separated by commas, where a
/// piece without `=` continues the previous field's list (`day=1,15,hour=9`).
enum FieldsOption {
    static func parse(_ text: String) throws(TriggerError) -> CronFields {
        var values: [String: TriggerRequest.FieldValue] = [:]
        var current: String?
        var position = 1
        for piece in text.split(separator: ",", omittingEmptySubsequences: false) {
            defer { position += piece.count + 1 }
            if let equals = piece.firstIndex(of: "=") {
                let name = piece[..<equals].trimmingCharacters(in: .whitespaces)
                guard values[name] == nil else {
                    throw TriggerError(
                        code: .invalidExpression, field: name, text: String(piece), position: position,
                        reason: "is given twice")
                }
                values[name] = .init(text: String(piece[piece.index(after: equals)...]))
                current = name
            } else if let name = current, let value = values[name] {
                values[name] = .init(text: value.text + "," + piece)
            } else {
                throw TriggerError(
                    code: .invalidExpression, field: "fields", text: String(piece), position: position,
                    reason: "needs the form name=value, e.g. 'hour=9'")
            }
        }
        return try TriggerRequest.cronFields(values)
    }
}
