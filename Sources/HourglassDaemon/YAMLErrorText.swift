import Hourglass
import Yams

/// What a YAML parser error says, as a configuration error shows it: the problem and its
/// line and column, without Yams' copy of the file or of the offending line (which can be
/// the whole file, or a megabyte long).
enum YAMLErrorText {
    /// The line (from 1) where the parser found `error`, when it says.
    static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        case .duplicatedKeysInMapping(_, let context): context.mark.line
        default: nil
        }
    }

    /// The problem in words, with the column where it is known.
    static func message(of error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let during = context.map { EchoedText.plain($0.text) + ": " } ?? ""
            return "is not valid YAML: \(during)\(EchoedText.plain(problem)) (column \(mark.column))"
        case .duplicatedKeysInMapping(let duplicates, _):
            let keys = duplicates.sorted().map { EchoedText.quoted($0) }.joined(separator: ", ")
            return "is not valid YAML: the key \(keys) is given twice in one mapping"
        default:
            return "is not valid YAML: \(EchoedText.plain("\(error)"))"
        }
    }
}
