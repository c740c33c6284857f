import DequeModule
import Foundation
/// A fixed number of dedicated threads that take closures from one queue.
final class ThreadPool: Sendable {
    private struct State {
        var queue: Deque<@Sendable () -> Void> = []
        /// Threads waiting for work, the last to go idle on top.
        var idle: [ParkedThread] = []
        var started = 0
        var stopped = false
    }

    private let state = Lock(State())
    private let threadCount: Int

    init(threadCount: Int) {
        self.threadCount = threadCount
    }

    /// Runs `work` on one of the threads, starting threads up to the limit as needed.
    func perform(_ work: @escaping @Sendable () -> Void) {
        let (woken, startThread) = state.withLock { state -> (ParkedThread?, Bool) in
            state.queue.append(work)
            if let idle = state.idle.popLast() { return (idle, false) }
            guard state.started < threadCount else { return (nil, false) }
            state.started += 1
            return (nil, true)
        }
        woken?.unpark()
        if startThread {
            Thread.detachNewThread { [self] in
                Self.nameCurrentThread("hourglass-block")
                self.loop()
            }
        }
    }

    /// Names the calling thread (at most 15 characters are kept). On Linux a new thread
    /// otherwise keeps its creator's name, and Foundation's `Thread.current.name` setter
    /// does not always reach the system thread, so the name is set through pthreads.
    private static func nameCurrentThread(_ name: String) {
        #if os(Linux)
            _ = setSystemThreadName(pthread_self(), name)
        #else
            Thread.current.name = name
        #endif
    }

    private func loop() {
        let parking = ParkedThread()
        while true {
            let next = state.withLock { state -> (@Sendable () -> Void)?? in
                if let work = state.queue.popFirst() { return .some(work) }
                if state.stopped {
                    state.started -= 1
                    return .some(nil)
                }
                state.idle.append(parking)
                return nil
            }
            switch next {
            case .some(.some(let work)): work()
            case .some(.none): return
            case .none: parking.park()
            }
        }
    }

    /// Lets the threads end once the queue is empty.
    func stop() {
        let idle = state.withLock { state -> [ParkedThread] in
            state.stopped = true
            defer { state.idle = [] }
            return state.idle
        }
        for thread in idle { thread.unpark() }
    }
}

#if os(Linux)
    /// glibc's `pthread_setname_np`, which the Glibc module does not export (it is a GNU
    /// extension); the signature is glibc's own.
    @_silgen_name("pthread_setname_np")
    private func setSystemThreadName(_ thread: pthread_t, _ name: UnsafePointer<CChar>) -> Int32
#endif
