/// Why a trigger could not be built or could not compute its next fire time.
///
/// Branch on ``code``; show ``description`` to the user: it names the field, the
/// offending text and its position (1-based, counted in the whole expression) where
/// those apply.
public struct TriggerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: String { case invalidExpression, neverFires, unknownTimeZone, invalidArgument, searchLimitExceeded, unsupportedFormat }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The expression does not parse, or a value is out of range.
        public static let invalidExpression = Code(.invalidExpression)
        /// The expression parses but no date can ever match it (`0 0 30 2 *`).
        public static let neverFires = Code(.neverFires)
        /// The time zone name is not a known IANA zone.
        public static let unknownTimeZone = Code(.unknownTimeZone)
        /// An argument other than an expression is out of range (an interval of zero, an end before the start).
        public static let invalidArgument = Code(.invalidArgument)
        /// A combined trigger found no instant its members agree on within its search bound.
        public static let searchLimitExceeded = Code(.searchLimitExceeded)
        /// A stored trigger has an unknown type tag or a newer format version.
        public static let unsupportedFormat = Code(.unsupportedFormat)

        public var description: String { kind.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// The field at fault (`"day-of-week"`), when one is.
    public let field: String?
    /// The offending text, when there is one.
    public let text: String?
    /// The 1-based position of `text` in the expression, when known.
    public let position: Int?
    /// What is wrong, in words.
    public let reason: String

    /// Creates an error; prefer the static factories.
    public init(code: Code, field: String? = nil, text: String? = nil, position: Int? = nil, reason: String) {
        self.code = code
        self.field = field
        self.text = text
        self.position = position
        self.reason = reason
    }

    public var description: String {
        var message = ""
        if let field { message += "\(field): " }
        if let text {
            message += EchoedText.quoted(text)
            if let position { message += " at position \(position)" }
            message += " "
        }
        return message + reason
    }

    static func invalid(_ field: String?, _ text: String?, at position: Int?, _ reason: String) -> TriggerError {
        TriggerError(code: .invalidExpression, field: field, text: text, position: position, reason: reason)
    }

    static func never(_ reason: String) -> TriggerError {
        TriggerError(code: .neverFires, reason: reason)
    }

    static func invalidArgument(_ field: String, _ reason: String) -> TriggerError {
        TriggerError(code: .invalidArgument, field: field, reason: reason)
    }

    /// `jitter`, checked to be zero or more and at most ``TimeLimits/maximumSpan``: every
    /// trigger that takes jitter validates it here.
    static func checked(jitter: Duration?) throws(TriggerError) -> Duration? {
        guard let jitter else { return nil }
        if jitter < .zero {
            throw .invalidArgument("jitter", "is negative; use a delay of zero or more")
        }
        try checked(span: jitter, field: "jitter")
        return jitter
    }

    /// Refuses a span longer than ``TimeLimits/maximumSpan``, naming `field` and the span.
    static func checked(span: Duration, field: String) throws(TriggerError) {
        if let problem = TimeLimits.problem(with: span) {
            throw TriggerError(code: .invalidArgument, field: field, text: DurationText.format(span), reason: problem)
        }
    }
}
