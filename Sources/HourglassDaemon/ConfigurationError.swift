import Hourglass

/// A mistake in a daemon configuration file, with where it is: the file, the line, the
/// job and the field, as far as they are known.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The configuration file.
    public var file: String
    /// The line (from 1) of the value at fault, when the YAML parser knows it.
    public var line: Int?
    /// The id of the job at fault, if the mistake is in a job.
    public var job: String?
    /// The field at fault, such as `cron` or `retry.attempts`.
    public var field: String?
    /// What is wrong and how to fix it.
    public var message: String

    /// A configuration error.
    public init(file: String, line: Int? = nil, job: String? = nil, field: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.job = job
        self.field = field
        self.message = message
    }

    /// `file:line: job 'id', field 'name': message`.
    public var description: String {
        var text = line.map { "\(file):\($0): " } ?? "\(file): "
        let place = [job.map { "job \(EchoedText.quoted($0))" }, field.map { "field \(EchoedText.quoted($0))" }].compactMap { $0 }
        if !place.isEmpty { text += place.joined(separator: ", ") + ": " }
        return text + message
    }
}
