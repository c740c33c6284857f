import Hourglass

/// `${NAME}` and `${NAME:-default}` in a configuration value, replaced by the environment
/// variable `NAME`: how a password reaches a store URL from a Kubernetes secret or a
/// systemd `EnvironmentFile` without being written in the file or shown by `ps`.
///
/// - `${NAME}` is the variable's value (empty when it is set but empty); a variable that
///   is not set is an error.
/// - `${NAME:-default}` is `default` when the variable is not set or empty. The default is
///   the text up to the first `}`, as written (no references inside it are replaced).
/// - `$${` is the text `${`, for a shell line that should see `${NAME}` itself. Any other
///   `$` is kept as it is (`$HOME`, `$$`, `$1`).
///
/// A name is letters, digits and `_`, not starting with a digit.
public enum EnvironmentExpansion {
    /// `text` with every reference replaced by its value from `environment`.
    ///
    /// - Throws: ``EnvironmentExpansionError`` for a variable that is not set and has no
    ///   default, a `${` without its `}`, or a name that is not a variable's. The error never
    ///   holds a variable's value.
    public static func expand(_ text: String, environment: [String: String]) throws(EnvironmentExpansionError) -> String {
        guard text.contains("$") else { return text }
        var result = ""
        var index = text.startIndex
        while let dollar = text[index...].firstIndex(of: "$") {
            result += text[index..<dollar]
            let rest = text[dollar...]
            if rest.hasPrefix("$${") {
                result += "${"
                index = text.index(dollar, offsetBy: 3)
                continue
            }
            guard rest.hasPrefix("${") else {
                result += "$"
                index = text.index(after: dollar)
                continue
            }
            let open = text.index(dollar, offsetBy: 2)
            guard let close = text[open...].firstIndex(of: "}") else {
                throw EnvironmentExpansionError(code: .unclosedReference, variable: nil, reference: String(rest))
            }
            let inside = text[open..<close]
            let separator = inside.range(of: ":-")
            let name = String(separator.map { inside[..<$0.lowerBound] } ?? inside)
            guard isName(name) else {
                throw EnvironmentExpansionError(code: .invalidName, variable: nil, reference: String(text[dollar...close]))
            }
            if let separator {
                let value = environment[name] ?? ""
                result += value.isEmpty ? String(inside[separator.upperBound...]) : value
            } else {
                guard let value = environment[name] else {
                    throw EnvironmentExpansionError(code: .unsetVariable, variable: name, reference: String(text[dollar...close]))
                }
                result += value
            }
            index = text.index(after: close)
        }
        return result + text[index...]
    }

    /// Whether `name` can name a variable: ASCII letters, digits and `_`, not starting with a digit.
    static func isName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return name.utf8.allSatisfy { byte in
            byte == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
    }
}

/// A `${...}` reference that cannot be replaced. Its description says what to fix and
/// never holds a variable's value.
public struct EnvironmentExpansionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the reference.
    public enum Code: Sendable, Hashable {
        /// `${NAME}` names a variable that is not set, and gives no default.
        case unsetVariable
        /// A `${` has no `}` after it.
        case unclosedReference
        /// What stands between `${` and `}` (or `:-`) is not a variable's name.
        case invalidName
    }

    /// What is wrong.
    public var code: Code
    /// The variable that is not set (``Code/unsetVariable``).
    public var variable: String?
    /// The reference as written in the value, from its `${`.
    public var reference: String

    /// The reason, and how to fix it.
    public var description: String {
        switch code {
        case .unsetVariable:
            let name = variable ?? ""
            return "the environment variable \(EchoedText.quoted(name)) is not set; set it, give a default with "
                + "${\(name):-value}, or write $${\(name)} for the text '${\(name)}'"
        case .unclosedReference:
            return "\(EchoedText.quoted(reference)) has no closing '}'; write ${NAME} for a variable, or $${ for the text '${'"
        case .invalidName:
            return "\(EchoedText.quoted(reference)) does not name a variable (letters, digits and '_', not starting with "
                + "a digit); write ${NAME} or ${NAME:-default}, or $${ for the text '${'"
        }
    }
}
