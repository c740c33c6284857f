import Foundation

/// A value that can write its stored JSON form straight to text, without `JSONEncoder`,
/// which costs more than the SQLite insert the text feeds.
///
/// The text must be byte for byte what `JSONEncoder` with `.sortedKeys` writes for the
/// value's `encode(to:)`, so a job's row reads the same whichever way it was written;
/// `StoredJSONTests` pins that for every conforming type. A value returns nil when it
/// holds something only `JSONEncoder` writes (such as a non-finite number); the caller
/// then uses `JSONEncoder`.
package protocol StoredJSONWritable {
    /// The value's JSON object, or nil to leave it to `JSONEncoder`.
    func storedJSONObject() -> StoredJSONObject?
}

/// One JSON object built member by member and written as `JSONEncoder` writes it with
/// `.sortedKeys`: keys in UTF-8 order, no spaces, `/` escaped as `\/`, whole doubles
/// without `.0`.
package struct StoredJSONObject {
    /// The members so far, kept in key order.
    private var members: [(key: String, json: String)] = []

    package init() {
        members.reserveCapacity(8)
    }

    /// An object that starts with a trigger's `type` tag and format `version`.
    package init<T: Trigger>(header _: T.Type) {
        add(TriggerHeaderKeys.type.stringValue, string: T.typeName)
        add(TriggerHeaderKeys.version.stringValue, integer: T.formatVersion)
    }

    package mutating func add(_ key: String, string: String) {
        var json = ""
        Self.appendQuoted(string, to: &json)
        insert(key, json)
    }

    package mutating func add(_ key: String, integer: some FixedWidthInteger) {
        insert(key, integer.description)
    }

    /// Adds `number`; false (and nothing added) for a number that is not finite, which
    /// `JSONEncoder` refuses.
    @discardableResult
    package mutating func add(_ key: String, number: Double) -> Bool {
        guard number.isFinite else { return false }
        var text = number.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        insert(key, text)
        return true
    }

    package mutating func add(_ key: String, bool: Bool) {
        insert(key, bool ? "true" : "false")
    }

    /// Adds a date as Unix seconds (the stored form of instants), if there is one.
    @discardableResult
    package mutating func add(_ key: String, seconds date: Date?) -> Bool {
        guard let date else { return true }
        return add(key, number: StoredTime.seconds(date))
    }

    /// Adds a span as whole nanoseconds (the stored form of spans), if there is one.
    package mutating func add(_ key: String, nanoseconds duration: Duration?) {
        guard let duration else { return }
        add(key, integer: StoredTime.nanoseconds(duration))
    }

    package mutating func add(_ key: String, strings: [String]) {
        var json = "["
        for (index, string) in strings.enumerated() {
            if index > 0 { json += "," }
            Self.appendQuoted(string, to: &json)
        }
        json += "]"
        insert(key, json)
    }

    /// Adds a string dictionary as an object with sorted keys.
    package mutating func add(_ key: String, stringsByKey dictionary: [String: String]) {
        var object = StoredJSONObject()
        for (key, value) in dictionary { object.add(key, string: value) }
        add(key, object: object)
    }

    package mutating func add(_ key: String, object: StoredJSONObject) {
        insert(key, object.text)
    }

    package mutating func add(_ key: String, objects: [StoredJSONObject]) {
        insert(key, "[" + objects.map(\.text).joined(separator: ",") + "]")
    }

    /// Inserts a member at its key's place (a handful of members: cheaper than sorting at the end).
    private mutating func insert(_ key: String, _ json: String) {
        var index = members.endIndex
        while index > members.startIndex, key.utf8.lexicographicallyPrecedes(members[index - 1].key.utf8) { index -= 1 }
        members.insert((key, json), at: index)
    }

    /// The object as JSON text.
    package var text: String {
        var json = "{"
        json.reserveCapacity(members.reduce(2) { $0 + $1.key.utf8.count + $1.json.utf8.count + 4 })
        for (index, member) in members.enumerated() {
            if index > 0 { json += "," }
            Self.appendQuoted(member.key, to: &json)
            json += ":"
            json += member.json
        }
        json += "}"
        return json
    }

    /// Appends `string` quoted and escaped as `JSONEncoder` escapes it (without
    /// `.withoutEscapingSlashes`).
    private static func appendQuoted(_ string: String, to json: inout String) {
        json += "\""
        guard
            string.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "/") })
        else {
            json += string
            json += "\""
            return
        }
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": json += "\\\""
            case "\\": json += "\\\\"
            case "/": json += "\\/"
            case "\u{8}": json += "\\b"
            case "\u{C}": json += "\\f"
            case "\n": json += "\\n"
            case "\r": json += "\\r"
            case "\t": json += "\\t"
            case _ where scalar.value < 0x20:
                json += "\\u00"
                json.unicodeScalars.append(hexDigits[Int(scalar.value >> 4)])
                json.unicodeScalars.append(hexDigits[Int(scalar.value & 0xF)])
            default: json.unicodeScalars.append(scalar)
            }
        }
        json += "\""
    }

    private static let hexDigits = Array("0123456789abcdef".unicodeScalars)
}
