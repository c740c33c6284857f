/// The run the current task works for, so that a clock driven by a test can report when
/// the run sleeps on it: with every run either asleep on the clock or finished, a test
/// driver knows that nothing more happens until the clock moves (HourglassTesting's
/// `ManualClock` and `SchedulerTestDriver.settle()` use it). Production clocks ignore it.
@_spi(Testing) public struct RunActivity: Sendable {
    /// The run of the current task, bound while a run executes; nil elsewhere (the
    /// scheduler's loop, a timeout's timer).
    @TaskLocal public static var current: RunActivity?

    let run: JobRun
    let runsInFlight: RunsInFlight

    /// Reports that the run's task starts to sleep on the clock.
    public func sleeps() { runsInFlight.beginSleep(run) }

    /// Reports that the clock ended the sleep (it calls this before it resumes the task,
    /// so that a driver never sees the run asleep after the clock moved past its wake-up).
    public func wakes() { runsInFlight.endSleep(run) }
}
