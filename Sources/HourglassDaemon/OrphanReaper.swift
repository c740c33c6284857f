import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reaps the orphans that a daemon running as PID 1 (in a container) adopts.
///
/// The kernel makes PID 1 the parent of every process whose parent died: what a command
/// left running in the background, once it ends, stays a zombie until PID 1 waits for
/// it. The daemon's own commands are session leaders, and Subprocess waits for them; an
/// adopted orphan is in its command's session, not the leader of its own, so the reaper
/// waits only for zombies that are children of this process and not session leaders, by
/// their process ids, and never takes a command's status from Subprocess. (An orphan that
/// made itself a session leader with `setsid` is left as a zombie: run the daemon under
/// an init such as `tini` if commands do that.)
enum OrphanReaper {
    /// Waits for every zombie child of this process that is not a session leader; returns
    /// how many. Linux only (it reads `/proc`); elsewhere it reaps nothing.
    @discardableResult
    static func reapOrphans() -> Int {
        #if os(Linux)
            let me = getpid()
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return 0 }
            var reaped = 0
            for entry in entries {
                guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                    let close = stat.lastIndex(of: ")")
                else { continue }
                // After the command name: state, parent, process group, session, ...
                let fields = stat[stat.index(after: close)...].split(separator: " ")
                guard fields.count > 3, fields[0] == "Z", Int32(fields[1]) == me, Int32(fields[3]) != pid else { continue }
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid { reaped += 1 }
            }
            return reaped
        #else
            return 0
        #endif
    }

    /// While the calling task runs, reaps orphans every second when this process is PID 1;
    /// returns at once otherwise.
    static func run() async {
        guard getpid() == 1 else { return }
        while !Task.isCancelled {
            reapOrphans()
            try? await Task.sleep(for: .seconds(1))
        }
    }
}
