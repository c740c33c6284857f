import Hourglass
import Yams

/// What a job runs: `command` or `shell`, with `environment` and `working_directory`,
/// checked so that nothing fails or is cut short at run time (a NUL ends a C string; a
/// `=` in a variable's name changes which variable it sets).
extension CommandJobReader {
    func command(_ fields: Node.Mapping, node: Node, job: String) throws(ConfigurationError) -> CommandSpec {
        let arguments = try reader.strings(fields["command"], field: "command", job: job) ?? []
        let shell = try reader.string(fields["shell"], field: "shell", job: job)
        guard arguments.isEmpty != (shell == nil), arguments.first?.isEmpty != true else {
            throw reader.error(
                node, job: job, field: "command",
                "give exactly one of command (a list: program, then its arguments) and shell (a command line for /bin/sh)")
        }
        if let shell, shell.allSatisfy(\.isWhitespace) {
            throw reader.error(fields["shell"], job: job, field: "shell", "is empty; give a command line for /bin/sh")
        }
        try noNUL(arguments + (shell.map { [$0] } ?? []), fields["command"] ?? fields["shell"], field: shell == nil ? "command" : "shell", job: job)
        let directory = try reader.string(fields["working_directory"], field: "working_directory", job: job)
        try noNUL(directory.map { [$0] } ?? [], fields["working_directory"], field: "working_directory", job: job)
        let environment = try reader.dictionary(fields["environment"], field: "environment", job: job) ?? [:]
        try checkEnvironment(environment, node: fields["environment"], job: job)
        return CommandSpec(arguments: arguments, shell: shell, environment: environment, workingDirectory: directory)
    }

    /// Refuses a NUL character in any of `values`.
    private func noNUL(_ values: [String], _ node: Node?, field: String, job: String) throws(ConfigurationError) {
        if let value = values.first(where: { $0.contains("\0") }) {
            throw reader.error(
                node, job: job, field: field, "\(ConfigurationReader.quoted(value)) contains a NUL character, which a command cannot take")
        }
    }

    /// Refuses variable names that are empty or hold `=` or NUL, and values that hold NUL.
    private func checkEnvironment(_ environment: [String: String], node: Node?, job: String) throws(ConfigurationError) {
        guard let mapping = node?.mapping else { return }
        for (keyNode, valueNode) in mapping {
            let name = try reader.written(keyNode, field: "environment", job: job) ?? ""
            let problem =
                name.isEmpty ? "is empty" : name.contains("=") ? "contains '='" : name.contains("\0") ? "contains a NUL character" : nil
            if let problem {
                throw reader.error(
                    keyNode, job: job, field: "environment",
                    "the variable name \(ConfigurationReader.quoted(name)) \(problem); a name is letters, digits and '_'")
            }
            try noNUL([environment[name] ?? ""], valueNode, field: "environment.\(name)", job: job)
        }
    }
}
