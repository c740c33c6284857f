/// JSON text written by hand for the stores' statement parameters and stored forms, where
/// `JSONEncoder` would cost more than the statement it feeds (see ``StoredJSONObject``
/// for the measured cost of the stored forms).
package enum JSONText {
    /// `strings` as a JSON array, such as `["a","b\"c"]`.
    package static func array(_ strings: [String]) -> String {
        var json: [UInt8] = []
        json.reserveCapacity(strings.reduce(2) { $0 + $1.utf8.count + 3 })
        appendArray(strings, to: &json)
        return String(decoding: json, as: UTF8.self)
    }

    /// Appends `strings` as a JSON array.
    package static func appendArray(_ strings: [String], to json: inout [UInt8]) {
        json.append(UInt8(ascii: "["))
        for (index, string) in strings.enumerated() {
            if index > 0 { json.append(UInt8(ascii: ",")) }
            appendQuoted(string, to: &json)
        }
        json.append(UInt8(ascii: "]"))
    }

    /// Appends `string` as a JSON string, quoted and escaped as `JSONEncoder` escapes it
    /// (without `.withoutEscapingSlashes`): `"`, `\` and `/` behind a backslash, control
    /// characters as `\b`, `\f`, `\n`, `\r`, `\t` or `\u00XX`; other bytes, UTF-8
    /// included, as they are.
    package static func appendQuoted(_ string: String, to json: inout [UInt8]) {
        json.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"):
                json.append(UInt8(ascii: "\\"))
                json.append(byte)
            case 0x08: json.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: json.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case UInt8(ascii: "\n"): json.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): json.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): json.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case ..<0x20:
                json.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                json.append(hexDigits[Int(byte >> 4)])
                json.append(hexDigits[Int(byte & 0xF)])
            default: json.append(byte)
            }
        }
        json.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
