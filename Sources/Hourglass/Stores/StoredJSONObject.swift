import Foundation

/// A value that can write its stored JSON form straight to text, without `JSONEncoder`,
/// which costs more than the SQLite insert the text feeds.
///
/// The text must be byte for byte what `JSONEncoder` with `.sortedKeys` writes for the
/// value's `encode(to:)`, so a job's row reads the same whichever way it was written;
/// `StoredJSONTests` pins that for every conforming type. A value returns nil when it
/// holds something only `JSONEncoder` writes (such as a non-finite number); the caller
/// then uses `JSONEncoder`.
///
/// Measured (issue 18): with `JSONEncoder` for every row instead, W5 on tmpfs used 1.30x
/// the CPU in `batch_add` (1.19-1.64x over 5 alternating pairs of whole runs) and 1.11x
/// in one-at-a-time `add` (1.05-1.24x); W2 and W3 (memory store) do not use it.
package protocol StoredJSONWritable {
    /// The value's JSON object, or nil to leave it to `JSONEncoder`.
    func storedJSONObject() -> StoredJSONObject?
}

/// One JSON object built member by member and written as `JSONEncoder` writes it with
/// `.sortedKeys`: keys in UTF-8 order, no spaces, `/` escaped as `\/`, whole doubles
/// without `.0`.
package struct StoredJSONObject {
    /// The members' JSON values, one after another, as UTF-8.
    private var values: [UInt8] = []
    /// Each member's key and where its value lies in `values`, kept in key order.
    private var members: [(key: String, value: Range<Int>)] = []

    package init() {
        values.reserveCapacity(128)
        members.reserveCapacity(8)
    }

    /// An object that starts with a trigger's `type` tag and format `version`.
    package init<T: Trigger>(header _: T.Type) {
        self.init()
        add(TriggerHeaderKeys.type.stringValue, string: T.typeName)
        add(TriggerHeaderKeys.version.stringValue, integer: T.formatVersion)
    }

    package mutating func add(_ key: String, string: String) {
        add(key) { JSONText.appendQuoted(string, to: &$0) }
    }

    package mutating func add(_ key: String, integer: some FixedWidthInteger) {
        add(key) { $0.append(contentsOf: integer.description.utf8) }
    }

    /// Adds `number`; false (and nothing added) for a number that is not finite, which
    /// `JSONEncoder` refuses.
    @discardableResult
    package mutating func add(_ key: String, number: Double) -> Bool {
        guard number.isFinite else { return false }
        add(key) { json in
            json.append(contentsOf: number.description.utf8)
            if json.count >= 2, json[json.count - 2] == UInt8(ascii: "."), json[json.count - 1] == UInt8(ascii: "0") {
                json.removeLast(2)
            }
        }
        return true
    }

    package mutating func add(_ key: String, bool: Bool) {
        add(key) { $0.append(contentsOf: (bool ? "true" : "false").utf8) }
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
        add(key) { JSONText.appendArray(strings, to: &$0) }
    }

    /// Adds a string dictionary as an object with sorted keys.
    package mutating func add(_ key: String, stringsByKey dictionary: [String: String]) {
        var object = StoredJSONObject()
        for (key, value) in dictionary { object.add(key, string: value) }
        add(key, object: object)
    }

    package mutating func add(_ key: String, object: StoredJSONObject) {
        add(key) { object.write(to: &$0) }
    }

    package mutating func add(_ key: String, objects: [StoredJSONObject]) {
        add(key) { json in
            json.append(UInt8(ascii: "["))
            for (index, object) in objects.enumerated() {
                if index > 0 { json.append(UInt8(ascii: ",")) }
                object.write(to: &json)
            }
            json.append(UInt8(ascii: "]"))
        }
    }

    /// Adds a member whose value `write` appends, at its key's place (each key once; a
    /// handful of members, so an insertion costs less than sorting at the end).
    private mutating func add(_ key: String, _ write: (inout [UInt8]) -> Void) {
        let start = values.count
        write(&values)
        var index = members.endIndex
        while index > members.startIndex, key.utf8.lexicographicallyPrecedes(members[index - 1].key.utf8) { index -= 1 }
        members.insert((key, start..<values.count), at: index)
    }

    /// The object as JSON text.
    package var text: String {
        var json: [UInt8] = []
        json.reserveCapacity(values.count + members.count * 24 + 2)
        write(to: &json)
        return String(decoding: json, as: UTF8.self)
    }

    private func write(to json: inout [UInt8]) {
        json.append(UInt8(ascii: "{"))
        for (index, member) in members.enumerated() {
            if index > 0 { json.append(UInt8(ascii: ",")) }
            JSONText.appendQuoted(member.key, to: &json)
            json.append(UInt8(ascii: ":"))
            json.append(contentsOf: values[member.value])
        }
        json.append(UInt8(ascii: "}"))
    }
}
