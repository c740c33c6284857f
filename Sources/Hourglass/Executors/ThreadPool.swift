import DequeModule
import Foundation

/// A fixed number of dedicated threads that take closures from one queue.
///
/// `@unchecked Sendable`: every stored mutable property is read and written only while
/// `condition` is locked; the threads and callers share nothing else.
final class ThreadPool: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: Deque<@Sendable () -> Void> = []
    private var started = 0
    private var stopped = false
    private let threadCount: Int

    init(threadCount: Int) {
        self.threadCount = threadCount
    }

    /// Runs `work` on one of the threads, starting threads up to the limit as needed.
    func perform(_ work: @escaping @Sendable () -> Void) {
        condition.lock()
        queue.append(work)
        let startThread = started < threadCount && idle < queue.count
        if startThread { started += 1 }
        condition.signal()
        condition.unlock()
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

    /// Threads waiting for work.
    private var idle = 0

    private func loop() {
        while true {
            condition.lock()
            while queue.isEmpty && !stopped {
                idle += 1
                condition.wait()
                idle -= 1
            }
            guard let work = queue.popFirst() else {
                started -= 1
                condition.unlock()
                return
            }
            condition.unlock()
            work()
        }
    }

    /// Lets the threads end once the queue is empty.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }
}

#if os(Linux)
    /// glibc's `pthread_setname_np`, which the Glibc module does not export (it is a GNU
    /// extension); the signature is glibc's own.
    @_silgen_name("pthread_setname_np")
    private func setSystemThreadName(_ thread: pthread_t, _ name: UnsafePointer<CChar>) -> Int32
#endif
