/// Text with its control characters written as escapes, for log lines and terminals: the
/// one escaping that the daemon's logs, `hourglass history` and `hourglass jobs` use for
/// what a command wrote.
///
/// A command's output can hold newlines that would forge whole log lines, and escape
/// sequences that a terminal would obey. ``escaped(_:keepingLineBreaks:)`` writes them as
/// visible text: a newline as `\n`, a carriage return as `\r`, a tab as `\t`, a backslash
/// as `\\`, and every other control character (C0, DEL, C1, the Unicode line and paragraph
/// separators, and the bidirectional overrides that reorder what is shown) as `\u{1B}`.
/// Everything else, letters of any script included, is kept.
public enum EscapedText {
    /// `text` as one line with its control characters escaped; with `keepingLineBreaks`,
    /// newlines and tabs stay as they are and backslashes are not doubled (for a block of
    /// output on a terminal of its own).
    public static func escaped(_ text: String, keepingLineBreaks: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0, keepingLineBreaks: keepingLineBreaks) }) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar, keepingLineBreaks: keepingLineBreaks) else {
                result.append(scalar)
                continue
            }
            switch scalar {
            case "\n": result.append(contentsOf: #"\n"#.unicodeScalars)
            case "\r": result.append(contentsOf: #"\r"#.unicodeScalars)
            case "\t": result.append(contentsOf: #"\t"#.unicodeScalars)
            case "\\": result.append(contentsOf: #"\\"#.unicodeScalars)
            default: result.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            }
        }
        return String(result)
    }

    /// Whether `scalar` is written as an escape.
    private static func needsEscape(_ scalar: Unicode.Scalar, keepingLineBreaks: Bool) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: !keepingLineBreaks
        case 0x5C: !keepingLineBreaks
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
