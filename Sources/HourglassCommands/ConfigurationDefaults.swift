/// The configuration file the commands read when `--config` is not given: `run`,
/// `check`, `notify test` and the management commands alike.
enum ConfigurationDefaults {
    static let path = "hourglass.yaml"
}
