import Hourglass

extension DaemonStore {
    /// `HOURGLASS_STORE`, the environment variable that names the store when a
    /// configuration file names none, and that the management commands use without
    /// `--store` and without a configuration file.
    public static let environmentVariable = "HOURGLASS_STORE"

    /// A store location given outside a configuration file (`--store`, `HOURGLASS_STORE`)
    /// with its `${NAME}` references replaced from `environment`. A relative SQLite path is
    /// kept as it is, and so taken from the working directory.
    ///
    /// - Throws: ``EnvironmentExpansionError`` for a reference that cannot be replaced.
    public static func expanded(_ location: String, environment: [String: String]) throws(EnvironmentExpansionError) -> String {
        try EnvironmentExpansion.expand(location, environment: environment)
    }

    /// The store `HOURGLASS_STORE` names in `environment`, expanded as ``expanded(_:environment:)``
    /// does; nil when it is not set or empty.
    ///
    /// - Throws: ``EnvironmentExpansionError`` for a reference that cannot be replaced.
    public static func fromEnvironment(_ environment: [String: String]) throws(EnvironmentExpansionError) -> String? {
        guard let location = environment[environmentVariable], !location.isEmpty else { return nil }
        return try expanded(location, environment: environment)
    }
}
