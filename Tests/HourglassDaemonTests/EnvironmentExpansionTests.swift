import Foundation
import Hourglass
import HourglassDaemon
import Testing
import HourglassTestSupport

/// `${NAME}` and `${NAME:-default}` in configuration values and store locations: how
/// secrets reach the daemon from its environment, and what it says when one is missing.
@Suite("Environment variables in configuration values: ${NAME}, ${NAME:-default}, $${")
struct EnvironmentExpansionTests {
    static let now = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
    static let environment = ["USER_NAME": "app", "PASSWORD": "s3cret", "EMPTY": ""]

    @Test(
        "references are replaced; a default applies when the variable is unset or empty; other dollars stay",
        arguments: [
            ("postgres://${USER_NAME}:${PASSWORD}@db/app", "postgres://app:s3cret@db/app"),
            ("${MISSING:-fallback}", "fallback"),
            ("${EMPTY:-fallback}", "fallback"),
            ("${EMPTY}", ""),
            ("${USER_NAME:-other}", "app"),
            ("${MISSING:-}", ""),
            ("${MISSING:-a:-b}", "a:-b"),
            ("echo $$ $HOME $1 $", "echo $$ $HOME $1 $"),
            ("echo $${HOME} and $${", "echo ${HOME} and ${"),
            ("no references", "no references"),
            ("ünïcödé ${USER_NAME}✓", "ünïcödé app✓"),
        ])
    func replaced(_ text: String, expected: String) throws {
        #expect(try EnvironmentExpansion.expand(text, environment: Self.environment) == expected)
    }

    @Test(
        "an unset variable, a ${ without }, or a reference that names no variable is an error saying what to write",
        arguments: [
            ("a ${MISSING} b", EnvironmentExpansionError.Code.unsetVariable, "'MISSING' is not set"),
            ("${PASSWORD", .unclosedReference, "has no closing '}'"),
            ("${}", .invalidName, "'${}' does not name a variable"),
            ("${1ABC}", .invalidName, "does not name a variable"),
            ("${A-B}", .invalidName, "does not name a variable"),
            ("${A B}", .invalidName, "does not name a variable"),
        ])
    func refused(_ text: String, code: EnvironmentExpansionError.Code, words: String) {
        let error = #expect(throws: EnvironmentExpansionError.self) {
            try EnvironmentExpansion.expand(text, environment: Self.environment)
        }
        #expect(error?.code == code)
        #expect(error?.description.contains(words) == true, "\(String(describing: error))")
        #expect(error?.description.contains("$${") == true, "the escape is named: \(String(describing: error))")
    }

    @Test("every scalar value of the file is expanded; names in 'environment' are kept as written")
    func everyValue() throws {
        let yaml = """
            store: postgres://${USER_NAME}:${PASSWORD}@db/app
            timezone: ${ZONE:-Europe/Berlin}
            jobs:
              - id: ${JOB:-backup}
                interval: ${EVERY:-90s}
                command: [echo, "${USER_NAME}", "$${USER_NAME}", "$$"]
                environment: {"${KEY}": "${PASSWORD}"}
                retry: {attempts: "${ATTEMPTS:-3}"}
            """
        let configuration = try DaemonConfiguration.parse(yaml, file: "/srv/hourglass.yaml", now: Self.now, environment: Self.environment)
        #expect(configuration.store == "postgres://app:s3cret@db/app")
        #expect(configuration.timeZone.identifier == "Europe/Berlin")
        let job = try #require(configuration.jobs.first)
        #expect(job.id == "backup" && job.options.retry?.maxAttempts == 3)
        #expect(job.trigger.description.contains("1m30s") || job.trigger.description.contains("90"), "\(job.trigger)")
        guard case .handler(_, let arguments) = job.target else { Issue.record("not a handler job"); return }
        let spec = try #require(try arguments?.decode(CommandSpec.self))
        #expect(spec.arguments == ["echo", "app", "${USER_NAME}", "$$"])
        #expect(spec.environment == ["${KEY}": "s3cret"])
    }

    @Test("an unset variable is a load error naming the file, line, job, field and variable")
    func unsetInFile() {
        let yaml = """
            jobs:
              - id: report
                cron: "0 6 * * *"
                shell: send-report --to ${REPORT_TO}
            """
        let error = #expect(throws: ConfigurationError.self) {
            try DaemonConfiguration.parse(yaml, file: "/srv/hourglass.yaml", now: Self.now, environment: [:])
        }
        #expect(error?.file == "/srv/hourglass.yaml" && error?.line == 4 && error?.job == "report" && error?.field == "shell")
        #expect(
            error?.description
                == "/srv/hourglass.yaml:4: job 'report', field 'shell': the environment variable 'REPORT_TO' is not set; "
                + "set it, give a default with ${REPORT_TO:-value}, or write $${REPORT_TO} for the text '${REPORT_TO}'")
    }

    @Test("a store whose expanded URL is refused shows the password as ***, never its value")
    func passwordNeverShown() {
        let error = #expect(throws: ConfigurationError.self) {
            try DaemonConfiguration.parse(
                "store: mysql://app:${PASSWORD}@db/app\njobs: []", file: "/srv/hourglass.yaml", environment: Self.environment)
        }
        let text = String(describing: error)
        #expect(error?.line == 1 && error?.field == "store")
        #expect(!text.contains("s3cret") && text.contains("mysql://app:***@db/app"), "\(text)")
    }

    @Test("HOURGLASS_STORE is the store of a file that names none, expanded; the file's own store wins")
    func storeFromEnvironment() throws {
        var environment = Self.environment
        environment["HOURGLASS_STORE"] = "postgres://app:${PASSWORD}@db/app"
        let fromEnvironment = try DaemonConfiguration.parse("jobs: []", file: "/srv/hourglass.yaml", environment: environment)
        #expect(fromEnvironment.store == "postgres://app:s3cret@db/app")
        let fromFile = try DaemonConfiguration.parse("store: jobs.sqlite\njobs: []", file: "/srv/hourglass.yaml", environment: environment)
        #expect(fromFile.store == "/srv/jobs.sqlite")
        let unset = try DaemonConfiguration.parse("jobs: []", file: "/srv/hourglass.yaml", environment: [:])
        #expect(unset.store == "/srv/hourglass.sqlite")

        environment["HOURGLASS_STORE"] = "mysql://app:${PASSWORD}@db/app"
        let error = #expect(throws: ConfigurationError.self) {
            try DaemonConfiguration.parse("jobs: []", file: "/srv/hourglass.yaml", environment: environment)
        }
        let text = String(describing: error)
        #expect(text.contains("HOURGLASS_STORE") && text.contains("***") && !text.contains("s3cret"), "\(text)")
    }

    @Test("a store that is empty once expanded is an error, not the file's directory")
    func emptyStore() {
        let error = #expect(throws: ConfigurationError.self) {
            try DaemonConfiguration.parse("store: ${EMPTY}\njobs: []", file: "/srv/hourglass.yaml", environment: Self.environment)
        }
        #expect(error?.field == "store" && error?.description.contains("is empty") == true, "\(String(describing: error))")
    }
}
