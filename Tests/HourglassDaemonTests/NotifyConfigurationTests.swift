import Foundation
import Hourglass
import HourglassDaemon
import HourglassNotify
import Testing

/// The `notify` sections of a configuration file: what they give, and precise errors.
@Suite("Configuration files: notify at the top and per job, and its errors")
struct NotifyConfigurationTests {
    static let now = Date(timeIntervalSince1970: 1_767_225_600)
    static let file = "/etc/hourglass/hourglass.yaml"

    func parse(_ yaml: String, environment: [String: String] = [:]) throws(ConfigurationError) -> DaemonConfiguration {
        try DaemonConfiguration.parse(yaml, file: Self.file, now: Self.now, environment: environment)
    }

    /// The error `yaml` gives.
    func mistake(_ yaml: String, environment: [String: String] = [:]) -> ConfigurationError? {
        do {
            _ = try parse(yaml, environment: environment)
            return nil
        } catch {
            return error
        }
    }

    static let full = """
        notify:
          events: [failure, timeout, recovered]
          repeat_after: 30m
          channels:
            - webhook: https://hooks.example.com/hourglass
              secret: ${HOOK_SECRET}
              headers: {Authorization: "Bearer ${HOOK_TOKEN}"}
              timeout: 5s
              retries: 2
            - webhook: https://hooks.slack.com/services/T0/B0/X
              format: slack
            - email: ops@example.com, oncall@example.com
              from: hourglass@example.com
              sendmail: /usr/lib/sendmail
        jobs:
          - id: backup
            cron: "0 3 * * *"
            command: [backup]
            notify:
              events: [failure, success]
              channels:
                - ping: https://hc-ping.com/1234
                - command: [/usr/local/bin/page, --team, ops]
          - id: quiet
            interval: 1m
            shell: "true"
            notify: {inherit: false}
          - id: plain
            interval: 1m
            shell: "true"
        """

    @Test("defaults and per-job settings: channels, secrets from the environment, events, inherit")
    func full() throws {
        let configuration = try parse(Self.full, environment: ["HOOK_SECRET": "s3", "HOOK_TOKEN": "t0"])
        let notify = configuration.notify
        #expect(notify.defaults.events == [.failure, .timeout, .recovered])
        #expect(notify.repeatAfter == .seconds(1800))
        #expect(notify.defaults.channels.count == 3)
        guard case .webhook(let hook) = notify.defaults.channels[0] else {
            Issue.record("not a webhook")
            return
        }
        #expect(hook.url == "https://hooks.example.com/hourglass" && hook.secret == "s3")
        #expect(hook.headers == ["Authorization": "Bearer t0"] && hook.timeout == .seconds(5) && hook.retries == 2)
        guard case .webhook(let slack) = notify.defaults.channels[1], case .email(let email) = notify.defaults.channels[2] else {
            Issue.record("not a webhook and an e-mail")
            return
        }
        #expect(slack.format == .slack)
        #expect(email.recipients == ["ops@example.com", "oncall@example.com"] && email.sender == "hourglass@example.com")
        #expect(email.sendmailPath == "/usr/lib/sendmail")

        // backup: the defaults' three channels and its own two; quiet: none; plain: the defaults'.
        #expect(notify.channels(for: "backup").count == 5)
        #expect(notify.channels(for: "quiet").isEmpty)
        #expect(notify.channels(for: "plain") == notify.defaults.channels)
        #expect(notify.allChannels.count == 5)

        let routes = notify.routes
        #expect(routes.count == 5)
        let defaultRoute = routes[0]
        #expect(defaultRoute.filter.events(for: "plain") == [.failure, .timeout, .recovered])
        #expect(defaultRoute.filter.events(for: "backup") == [.failure, .success], "a job's events replace the defaults' for it")
        #expect(defaultRoute.filter.events(for: "quiet").isEmpty)
        #expect(defaultRoute.repeatAfter == .seconds(1800))
        let ping = try #require(routes.first { $0.channel.isPing })
        #expect(ping.filter.events(for: "backup") == PingNotifier.events && ping.filter.events(for: "plain").isEmpty)
        #expect(ping.repeatAfter == nil)
    }

    @Test("repeat_after: 0 sends every failure; no notify section means no channels")
    func repeatAfterOff() throws {
        let configuration = try parse(
            """
            notify: {repeat_after: 0, channels: [{webhook: "http://127.0.0.1:9/x"}]}
            jobs: [{id: a, interval: 1m, shell: "true"}]
            """)
        #expect(configuration.notify.repeatAfter == nil)
        let none = try parse("jobs: [{id: a, interval: 1m, shell: \"true\"}]")
        #expect(none.notify.isEmpty && none.notify.routes.isEmpty)
    }

    @Test("an unknown event names the file, line, job and field, and the known events")
    func unknownEvent() throws {
        let error = try #require(mistake(
                """
                jobs:
                  - id: backup
                    interval: 1m
                    shell: "true"
                    notify:
                      events: [failure, exploded]
                """))
        #expect(error.file == Self.file && error.line == 6 && error.job == "backup" && error.field == "notify.events")
        #expect(error.message == "'exploded' is not an event; use failure, timeout, missed, abandoned, recovered, success, started")
    }

    @Test("options written under the kind (webhook: {url: ...}) are refused with the right form")
    func optionsUnderTheKind() throws {
        let error = try #require(mistake(
                """
                notify:
                  channels:
                    - webhook: {url: "https://hooks.example.com/x", secret: s}
                jobs: [{id: a, interval: 1m, shell: "true"}]
                """))
        #expect(error.line == 3 && error.field == "notify.channels[0].webhook")
        #expect(error.message.contains("give the URL as its value, with the options beside it, e.g. - webhook: https://"))
    }

    @Test("a URL that is not http or https is refused with its field")
    func notHTTP() throws {
        let error = try #require(mistake(
                """
                notify:
                  channels:
                    - email: ops@example.com
                    - webhook: ftp://example.com/hook
                jobs: [{id: a, interval: 1m, shell: "true"}]
                """))
        #expect(error.line == 4 && error.job == nil && error.field == "notify.channels[1].webhook")
        #expect(error.message.contains("'ftp://example.com/hook' is not an http or https URL"))
        let ping = try #require(mistake("notify: {channels: [{ping: not-a-url}]}\njobs: [{id: a, interval: 1m, shell: \"true\"}]"))
        #expect(ping.field == "notify.channels[0].ping")
    }

    @Test("a secret from an environment variable that is not set is refused, naming the variable")
    func missingVariable() throws {
        let error = try #require(mistake(
                """
                notify:
                  channels:
                    - webhook: https://hooks.example.com/x
                      secret: ${HOOK_SECRET}
                jobs: [{id: a, interval: 1m, shell: "true"}]
                """))
        #expect(error.line == 4 && error.field == "notify.channels[0].secret")
        #expect(error.message.contains("the environment variable 'HOOK_SECRET' is not set"))
        let header = try #require(mistake("notify: {channels: [{webhook: \"https://h.example.com\", headers: {X-Token: \"${TOKEN}\"}}]}\njobs: [{id: a, interval: 1m, shell: \"true\"}]"))
        #expect(header.field == "notify.channels[0].headers.X-Token")
    }

    @Test("unknown keys, two kinds in one channel, bad formats and retries are refused precisely")
    func otherMistakes() throws {
        let jobs = "\njobs: [{id: a, interval: 1m, shell: \"true\"}]"
        let cases: [(String, String, String)] = [
            ("notify: {chanels: []}", "notify.chanels", "is not a known field of notify; use one of events, repeat_after, channels"),
            ("notify: {channels: [{webhook: \"https://h.example.com\", sekret: x}]}", "notify.channels[0].sekret",
                "is not a known field of a webhook channel; use one of webhook, format, headers, secret, timeout, retries"),
            ("notify: {channels: [{webhook: \"https://h.example.com\", email: a@b.c}]}", "notify.channels[0].webhook, email",
                "give exactly one of webhook, email, command, shell, ping"),
            ("notify: {channels: [{webhook: \"https://h.example.com\", format: teams}]}", "notify.channels[0].format",
                "'teams' is not json or slack"),
            ("notify: {channels: [{webhook: \"https://h.example.com\", retries: 50}]}", "notify.channels[0].retries", "must be from 0 to 10"),
            ("notify: {channels: [{email: \"\"}]}", "notify.channels[0].email", "is empty; give one or more addresses, e.g. ops@example.com"),
            ("notify: {repeat_after: soon}", "notify.repeat_after", "'soon' is not a span of time; write for example 250ms, 30s, 5m, 2h, 1d or 1h30m"),
            ("notify: {channels: {webhook: x}}", "notify.channels", "must be a list, e.g. - webhook: https://example.com/hook"),
        ]
        for (yaml, field, message) in cases {
            let error = try #require(mistake(yaml + jobs), "\(yaml)")
            #expect(error.field == field && error.message == message, "\(yaml): \(error)")
        }
        let jobError = try #require(mistake("jobs: [{id: a, interval: 1m, shell: \"true\", notify: {inherits: false}}]"))
        #expect(jobError.job == "a" && jobError.field == "notify.inherits")
        #expect(jobError.message == "is not a known field of a job's notify; use one of inherit, events, channels")
    }
}
