import Hourglass

/// Rows of text in aligned columns, for terminal output.
struct TextTable {
    let headers: [String]
    var rows: [[String]] = []

    /// The table with a header line; every column but the last padded to its widest cell.
    /// Cells from a store go through ``oneLine(_:limit:)`` or `EscapedText` first.
    func render() -> String {
        var widths = headers.map(\.count)
        for row in rows {
            for (column, cell) in row.enumerated() where column < widths.count { widths[column] = max(widths[column], cell.count) }
        }
        return ([headers] + rows).map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// `text` on one line, its control characters escaped (a newline as `\n`), cut to
    /// `limit` characters with an ellipsis.
    static func oneLine(_ text: String, limit: Int = 60) -> String {
        let line = EscapedText.escaped(text)
        return line.count > limit ? String(line.prefix(limit - 1)) + "…" : line
    }
}
