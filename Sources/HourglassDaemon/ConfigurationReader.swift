import Foundation
import Hourglass
import Yams

/// Reads values out of a configuration file's YAML nodes, turning every mistake into a
/// ``ConfigurationError`` with the node's line. Values the user wrote are echoed through
/// `EchoedText` (cut at 100 characters, control characters escaped). Every scalar value
/// has its `${NAME}` references replaced from `environment` (``EnvironmentExpansion``).
struct ConfigurationReader {
    let file: String
    /// The variables that `${NAME}` in a value refers to.
    var environment: [String: String]

    func error(_ node: Node?, job: String? = nil, field: String? = nil, _ message: String) -> ConfigurationError {
        ConfigurationError(file: file, line: node?.mark?.line, job: job, field: field, message: message)
    }

    /// `text` quoted for a message, cut and escaped.
    static func quoted(_ text: some StringProtocol) -> String { EchoedText.quoted(text) }

    /// Refuses keys outside `allowed`, naming the known ones.
    func checkKeys(_ mapping: Node.Mapping, allowed: [String], job: String?) throws(ConfigurationError) {
        for key in mapping.keys {
            guard let name = key.string, allowed.contains(name) else {
                throw error(
                    key, job: job, field: key.string,
                    "is not a known field; use one of \(allowed.joined(separator: ", "))")
            }
        }
    }

    /// A scalar as text with its `${NAME}` references replaced, or nil when absent or null
    /// (`~`, `null` or nothing, unquoted, before replacing).
    func string(_ node: Node?, field: String, job: String?) throws(ConfigurationError) -> String? {
        guard let text = try written(node, field: field, job: job) else { return nil }
        do {
            return try EnvironmentExpansion.expand(text, environment: environment)
        } catch {
            throw self.error(node, job: job, field: field, error.description)
        }
    }

    /// A scalar as written in the file (for names, which are not expanded), or nil when absent or null.
    func written(_ node: Node?, field: String, job: String?) throws(ConfigurationError) -> String? {
        guard let node else { return nil }
        guard case .scalar(let scalar) = node else { throw error(node, job: job, field: field, "must be a single value") }
        if scalar.style == .plain || scalar.style == .any, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
            return nil
        }
        return scalar.string
    }

    func int(_ node: Node?, field: String, job: String?) throws(ConfigurationError) -> Int? {
        guard let text = try string(node, field: field, job: job) else { return nil }
        guard let value = Int(text) else {
            throw error(node, job: job, field: field, "\(Self.quoted(text)) is not a whole number from \(Int.min) to \(Int.max)")
        }
        return value
    }

    func bool(_ node: Node?, field: String, job: String?) throws(ConfigurationError) -> Bool? {
        guard let text = try string(node, field: field, job: job) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error(node, job: job, field: field, "\(Self.quoted(text)) is not true or false")
        }
    }

    /// A span such as `30s`, `5m` or `1h30m`, from 1 ms to `TimeLimits.maximumSpan` (`36525d`).
    func duration(_ node: Node?, field: String, job: String?) throws(ConfigurationError) -> Duration? {
        guard let text = try string(node, field: field, job: job) else { return nil }
        return try duration(text: text, node: node, field: field, job: job)
    }

    /// `text` read as a span of time (`90s`, `1h30m`), with errors placed at `node`.
    func duration(text: String, node: Node?, field: String, job: String?) throws(ConfigurationError) -> Duration {
        switch Self.span(text) {
        case .success(let value): return value
        case .failure(let problem): throw error(node, job: job, field: field, "\(Self.quoted(text)) \(problem.message)")
        }
    }

    /// What is wrong with a span of time, for people.
    struct SpanProblem: Error {
        let message: String
    }

    /// The span of time `text` names (`90s`, `1h30m`), of 1 ms or more and within the
    /// limits every trigger takes, or what is wrong with it.
    static func span(_ text: String) -> Result<Duration, SpanProblem> {
        let problem: String
        switch DurationText.read(text) {
        case .invalid: problem = "is not a span of time; write for example 250ms, 30s, 5m, 2h, 1d or 1h30m"
        case .tooLong: problem = TimeLimits.tooLong
        case .span(let value) where value <= .zero: problem = "is not a span of time of 1ms or more"
        case .span(let value):
            guard let tooLong = TimeLimits.problem(with: value) else { return .success(value) }
            problem = tooLong
        }
        return .failure(SpanProblem(message: problem))
    }

    /// A time zone by its IANA name, such as `Europe/Berlin`.
    func timeZone(_ node: Node?, field: String, job: String?) throws(ConfigurationError) -> TimeZone? {
        guard let name = try string(node, field: field, job: job) else { return nil }
        do {
            return try TimeZone.named(name)
        } catch {
            throw self.error(node, job: job, field: field, "\(error)")
        }
    }

    /// A list of scalars (a single scalar counts as a list of one).
    func strings(_ node: Node?, field: String, job: String?) throws(ConfigurationError) -> [String]? {
        guard let node else { return nil }
        if case .scalar = node { return [try string(node, field: field, job: job) ?? ""] }
        guard let sequence = node.sequence else { throw error(node, job: job, field: field, "must be a list of values") }
        var values: [String] = []
        for item in sequence { values.append(try string(item, field: field, job: job) ?? "") }
        return values
    }

    /// A mapping of scalars to scalars; the names are taken as written, the values with
    /// their references replaced.
    func dictionary(_ node: Node?, field: String, job: String?) throws(ConfigurationError) -> [String: String]? {
        guard let node else { return nil }
        guard let mapping = node.mapping else { throw error(node, job: job, field: field, "must be a mapping of names to values") }
        var values: [String: String] = [:]
        for (key, value) in mapping {
            let name = try written(key, field: field, job: job) ?? ""
            values[name] = try string(value, field: "\(field).\(name)", job: job) ?? ""
        }
        return values
    }
}
