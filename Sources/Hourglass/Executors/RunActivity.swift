/// The run the current task works for, so that a clock driven by a test can report when
/// the run sleeps on it: with every run either asleep on the clock or finished, a test
/// driver knows that nothing more happens until the clock moves (HourglassTesting's
/// `ManualClock` and `SchedulerTestDriver.settle()` use it). Production clocks ignore it.
@_spi(Testing) public struct RunActivity: Sendable {
    /// The run of the current task, bound while a run executes (its body's tasks and its
    /// timeout's timer, each with its ``Role``); nil elsewhere, as in the scheduler's loop.
    @TaskLocal public static var current: RunActivity?

    /// Which of a run's tasks the current one is.
    enum Role {
        /// The task that runs the body (and its retry back-off): the run sleeps when it does.
        case body
        /// The timer of an attempt's timeout: when it fires, the run is awake until the
        /// attempt has dealt with it.
        case timer
    }

    let run: JobRun
    let runsInFlight: RunsInFlight
    var role = Role.body

    /// Reports that the run's task starts to sleep on the clock.
    public func sleeps() {
        switch role {
        case .body: runsInFlight.beginSleep(run)
        case .timer: runsInFlight.timerSleeps(run)
        }
    }

    /// Reports that the clock ended the sleep (it calls this before it resumes the task,
    /// so that a driver never sees the run asleep after the clock moved past its wake-up).
    public func wakes() {
        switch role {
        case .body: runsInFlight.endSleep(run)
        case .timer: runsInFlight.timerWakes(run)
        }
    }
}
