/// User-given text as error messages show it: cut to ``maximumLength`` characters with an
/// ellipsis and the whole length, control characters escaped (``EscapedText``), so that a
/// 1 MB value cannot flood a message and a line feed in a value cannot forge a log line.
///
/// Every error that echoes a value of the user's (``TriggerError``, the daemon's
/// configuration errors) shows it through here.
package enum EchoedText {
    /// The most characters of a value a message shows: 100.
    package static let maximumLength = 100

    /// `text` in single quotes: `'abc'`, or `'xxx…' (1000000 characters)` when cut.
    package static func quoted(_ text: some StringProtocol) -> String {
        let (shown, count) = excerpt(text)
        return count > maximumLength ? "'\(shown)…' (\(count) characters)" : "'\(shown)'"
    }

    /// `text` without quotes, for names (an unknown key): `abc`, or `xxx… (1000000 characters)`.
    package static func plain(_ text: some StringProtocol) -> String {
        let (shown, count) = excerpt(text)
        return count > maximumLength ? "\(shown)… (\(count) characters)" : shown
    }

    /// The first ``maximumLength`` characters of `text`, escaped as ``EscapedText`` does,
    /// and how many it has.
    private static func excerpt(_ text: some StringProtocol) -> (shown: String, count: Int) {
        var head = ""
        var count = 0
        for character in text {
            if count < maximumLength { head.append(character) }
            count += 1
        }
        return (EscapedText.escaped(head), count)
    }
}
