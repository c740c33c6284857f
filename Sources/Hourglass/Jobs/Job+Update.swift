extension Job {
    /// What ``ConflictPolicy/update`` stores when `existing` has this job's id: nil when
    /// the definition did not change (keep `existing`), otherwise this job with the pause
    /// state of `existing`, and its next run time too when the trigger is the same.
    ///
    /// Every store applies the policy through this one function.
    package func updating(_ existing: Job) -> Job? {
        var updated = self
        updated.isPaused = existing.isPaused
        updated.isRunnable = existing.isRunnable
        if existing.isPaused {
            updated.nextRunTime = nil
        } else if trigger == existing.trigger {
            updated.nextRunTime = existing.nextRunTime
        }
        return updated == existing ? nil : updated
    }
}
