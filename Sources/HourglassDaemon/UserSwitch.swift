import Foundation
import Hourglass

/// How a command starts as another user on Linux: through util-linux's `setpriv`.
///
/// Subprocess can switch the user itself, but on Linux it then forks with a raw `clone3`
/// and calls `setgroups`, `setgid` and `setuid` in the child. glibc makes each of these
/// wait for every thread it knows of; a thread that the daemon was starting or ending at
/// the fork never answers, and the child hangs before `exec` (a futex wait in
/// `__nptl_setxid`, seen with gdb on a stuck child of a busy daemon; 300 runs as
/// `nobody`, 8 at a time, beside a thread that starts and joins threads, hung in each of
/// 4 tries). `setpriv` makes the same calls in a process of one thread, and Subprocess
/// starts it with `posix_spawn`.
enum UserSwitch {
    /// Where `setpriv` is looked for, in order.
    static let setprivPaths = ["/usr/bin/setpriv", "/bin/setpriv", "/usr/sbin/setpriv", "/sbin/setpriv"]

    /// `executable` with `arguments`, as a program and arguments that run it as `account`:
    /// its user id, its primary group, and its groups (none if the list is empty).
    ///
    /// - Throws: ``SchedulerError`` (`invalidState`, field `user`) when `setpriv` is not
    ///   installed.
    static func command(
        _ executable: String, _ arguments: [String], as account: UserAccount
    ) throws -> (executable: String, arguments: [String]) {
        guard let setpriv = setprivPaths.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw SchedulerError(
                code: .invalidState, field: "user",
                reason: "running a command as '\(account.name)' needs setpriv (package util-linux), "
                    + "which is not in \(setprivPaths.joined(separator: ", "))")
        }
        let groups =
            account.groups.isEmpty
            ? "--clear-groups" : "--groups=" + account.groups.map(String.init).joined(separator: ",")
        return (
            setpriv,
            ["--reuid=\(account.userID)", "--regid=\(account.groupID)", groups, "--", executable] + arguments
        )
    }
}
