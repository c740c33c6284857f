import Foundation

/// Checks JSON values against the schemas of an OpenAPI 3.1 document: the parts of JSON
/// Schema that the document uses (`$ref`, `type`, `enum`, `required`, `properties`,
/// `additionalProperties`, `items`, `minimum`, `maximum`, `format: date-time`).
struct SchemaCheck {
    let document: JSONValue

    /// The problems of `value` against `schema`, each with its JSON path; empty if none.
    func problems(_ value: JSONValue, against schema: JSONValue, at path: String = "$") -> [String] {
        if let reference = schema["$ref"]?.string {
            let name = String(reference.dropFirst("#/components/schemas/".count))
            guard let target = document["components"]?["schemas"]?[name] else { return ["\(path): unknown $ref \(reference)"] }
            return problems(value, against: target, at: path)
        }
        if let type = schema["type"], !Self.matches(value, type: type) {
            return ["\(path): \(value) is not of type \(type)"]
        }
        var found: [String] = []
        if case .array(let choices) = schema["enum"], !choices.contains(value) {
            found.append("\(path): \(value) is not one of \(choices)")
        }
        if case .integer(let number) = value {
            if case .integer(let minimum) = schema["minimum"], number < minimum { found.append("\(path): \(number) < \(minimum)") }
            if case .integer(let maximum) = schema["maximum"], number > maximum { found.append("\(path): \(number) > \(maximum)") }
        }
        if schema["format"]?.string == "date-time", let text = value.string,
            text.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$"#, options: .regularExpression) == nil
        {
            found.append("\(path): '\(text)' is not an RFC 3339 date-time")
        }
        if case .object(let members) = value {
            if case .array(let required) = schema["required"] {
                for case .string(let name) in required where members[name] == nil { found.append("\(path): '\(name)' is missing") }
            }
            let properties: [String: JSONValue]
            if case .object(let declared) = schema["properties"] { properties = declared } else { properties = [:] }
            for (name, member) in members {
                if let property = properties[name] {
                    found += problems(member, against: property, at: "\(path).\(name)")
                } else if let additional = schema["additionalProperties"] {
                    if additional == .bool(false) {
                        found.append("\(path): '\(name)' is not in the schema")
                    } else if case .object = additional {
                        found += problems(member, against: additional, at: "\(path).\(name)")
                    }
                }
            }
        }
        if case .array(let items) = value, let itemSchema = schema["items"] {
            for (index, item) in items.enumerated() { found += problems(item, against: itemSchema, at: "\(path)[\(index)]") }
        }
        return found
    }

    private static func matches(_ value: JSONValue, type: JSONValue) -> Bool {
        if case .array(let types) = type { return types.contains { matches(value, type: $0) } }
        switch (type.string, value) {
        case ("string", .string), ("boolean", .bool), ("integer", .integer), ("number", .integer), ("number", .number),
            ("array", .array), ("object", .object), ("null", .null):
            return true
        default:
            return false
        }
    }
}
