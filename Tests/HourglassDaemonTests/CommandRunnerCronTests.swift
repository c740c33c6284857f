import Foundation
import Hourglass
import HourglassDaemon
import Testing
import HourglassTestSupport

/// The command options crontab jobs use: standard input, the whole environment, the shell.
@Suite("Command jobs: cron's way of running commands", .timeLimit(.minutes(1)))
struct CommandRunnerCronTests {
    @Test("standard input is the given text; the command's exit status is kept")
    func standardInput() async throws {
        let result = try await CommandRunner.run(CommandSpec(shell: "cat; exit 4", standardInput: "line one\nline two\n"))
        #expect(result.output == "line one\nline two\n")
        #expect(result.exitStatus == 4)
    }

    @Test("a replaced environment is the command's whole environment")
    func wholeEnvironment() async throws {
        let environment = ["HOME": "/nowhere", "LOGNAME": "someone", "SHELL": "/bin/sh", "PATH": "/usr/bin:/bin"]
        let result = try await CommandRunner.run(
            CommandSpec(shell: "env | grep -v '^PWD=' | grep -v '^SHLVL=' | grep -v '^_=' | sort", environment: environment,
                        replacesEnvironment: true))
        #expect(result.output == "HOME=/nowhere\nLOGNAME=someone\nPATH=/usr/bin:/bin\nSHELL=/bin/sh\n", "\(result.output)")
    }

    @Test("the shell line runs with the given shell program")
    func shellProgram() async throws {
        let directory = TemporaryDirectory()
        let shell = try directory.writeScript("myshell", "echo \"myshell $*\"")
        let result = try await CommandRunner.run(CommandSpec(shell: "echo hi", shellProgram: shell))
        #expect(result.output == "myshell -c echo hi\n")
    }

    @Test("as root, a command runs as the given user with that user's ids", .enabled(if: UserAccount.isRoot))
    func runAsUser() async throws {
        let nobody = try UserAccount.named("nobody")
        let result = try await CommandRunner.run(
            CommandSpec(shell: "id -u; id -g", environment: ["PATH": "/usr/bin:/bin"], replacesEnvironment: true, user: "nobody"))
        #expect(result.output == "\(nobody.userID)\n\(nobody.groupID)\n", "\(result.output)")
    }

    @Test("an unknown user is an error, not a run as root")
    func unknownUser() async throws {
        await #expect(throws: UserAccount.UnknownUser.self) {
            _ = try await CommandRunner.run(CommandSpec(shell: "true", user: "no-such-user-hg"))
        }
    }
}
