/// JSON text written by hand for the stores' statement parameters, where `JSONEncoder`
/// would cost more than the statement it feeds.
package enum JSONText {
    /// `strings` as a JSON array, such as `["a","b\"c"]`.
    package static func array(_ strings: [String]) -> String {
        var text = "["
        text.reserveCapacity(strings.reduce(2) { $0 + $1.utf8.count + 3 })
        for (index, string) in strings.enumerated() {
            if index > 0 { text += "," }
            appendQuoted(string, to: &text)
        }
        text += "]"
        return text
    }

    /// Appends `string` as a JSON string: quoted, with quotes, backslashes and control
    /// characters escaped.
    package static func appendQuoted(_ string: String, to text: inout String) {
        text += "\""
        guard string.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
            text += string
            text += "\""
            return
        }
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                text += "\\u00"
                text.unicodeScalars.append(hexDigits[Int(scalar.value >> 4)])
                text.unicodeScalars.append(hexDigits[Int(scalar.value & 0xF)])
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }

    private static let hexDigits = Array("0123456789abcdef".unicodeScalars)
}
