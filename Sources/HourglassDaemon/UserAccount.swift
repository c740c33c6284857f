#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A user of the system, from the password database: what a command needs to run as it.
public struct UserAccount: Sendable, Hashable {
    /// The login name.
    public var name: String
    /// The user id.
    public var userID: UInt32
    /// The primary group id.
    public var groupID: UInt32
    /// The home directory.
    public var home: String
    /// The primary and supplementary groups.
    public var groups: [UInt32]

    /// An account with these ids and home.
    public init(name: String, userID: UInt32, groupID: UInt32, home: String, groups: [UInt32]) {
        self.name = name
        self.userID = userID
        self.groupID = groupID
        self.home = home
        self.groups = groups
    }

    /// An error for a user the password database does not know.
    public struct UnknownUser: Error, CustomStringConvertible {
        /// The name looked up.
        public var name: String
        /// What went wrong, for people.
        public var description: String { "there is no user '\(name)' on this system" }
    }

    /// Looks `name` up in the password database.
    ///
    /// - Throws: ``UnknownUser`` when there is no such user.
    public static func named(_ name: String) throws(UnknownUser) -> UserAccount {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16 * 1024)
        let status = getpwnam_r(name, &entry, &buffer, buffer.count, &result)
        guard status == 0, result != nil else { throw UnknownUser(name: name) }
        let home = entry.pw_dir.map { String(cString: $0) } ?? "/"
        return UserAccount(
            name: name, userID: entry.pw_uid, groupID: entry.pw_gid, home: home,
            groups: groups(of: name, primary: entry.pw_gid))
    }

    /// The user this process runs as, nil when the database does not know it.
    public static var current: UserAccount? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16 * 1024)
        guard getpwuid_r(geteuid(), &entry, &buffer, buffer.count, &result) == 0, result != nil,
            let name = entry.pw_name
        else { return nil }
        return try? named(String(cString: name))
    }

    /// Whether this process runs as root (and so may run commands as other users).
    public static var isRoot: Bool { geteuid() == 0 }

    private static func groups(of name: String, primary: gid_t) -> [UInt32] {
        var count: Int32 = 64
        var groups = [gid_t](repeating: 0, count: Int(count))
        #if canImport(Darwin)
            var signed = groups.map { Int32(bitPattern: $0) }
            guard getgrouplist(name, Int32(bitPattern: primary), &signed, &count) != -1 else { return [primary] }
            return signed.prefix(Int(count)).map { UInt32(bitPattern: $0) }
        #else
            guard getgrouplist(name, primary, &groups, &count) != -1 else { return [primary] }
            return Array(groups.prefix(Int(count)))
        #endif
    }
}
