import Foundation

extension Scheduler {
    /// Tells each store this scheduler is alive, a quarter of a lease after the last time,
    /// and reports the runs found abandoned by schedulers that are not (or, on the first
    /// call, by this one's earlier process under the same id). Runs go on while processing
    /// is paused, so heartbeats do too. A store that failed is left alone until its pause
    /// ends (``storeRetryBackoff``), so that an outage is not tried, and logged, at every pass.
    /// While processing runs, the claims that follow each heartbeat find an outage and
    /// end it; while it is paused, no claims are made, so the heartbeats do that.
    func sendHeartbeats(now: Date) async {
        let interval = IntervalTrigger.seconds(configuration.lease) / 4
        for name in storeOrder {
            if let outage = storeOutages[name], now < outage.retryAt { continue }
            let last = lastHeartbeat[name]
            if let last, last <= now, now.timeIntervalSince(last) < interval { continue }
            await sendHeartbeat(to: name, now: now)
        }
    }

    /// Sends the store `name` its first heartbeat if it has not had one. A run started
    /// outside the loop (``runNow(_:in:)`` right after ``start(paused:)``, as the daemon
    /// does with `@reboot` jobs) must wait for it: that heartbeat reports this id's runs
    /// in flight as left by an earlier process, and would report the new run too.
    func sendFirstHeartbeat(to name: String) async {
        guard lastHeartbeat[name] == nil else { return }
        await sendHeartbeat(to: name, now: clock.now())
    }

    /// One heartbeat to the store `name`; a call while one is on its way waits for that one.
    private func sendHeartbeat(to name: String, now: Date) async {
        if let sending = heartbeatsInFlight[name] {
            await sending.value
            return
        }
        let sending = Task { await self.writeHeartbeat(to: name, now: now) }
        heartbeatsInFlight[name] = sending
        await sending.value
        heartbeatsInFlight[name] = nil
    }

    private func writeHeartbeat(to name: String, now: Date) async {
        guard let store = stores[name] else { return }
        let last = lastHeartbeat[name]
        do {
            let expiry = now.addingTimeInterval(IntervalTrigger.seconds(configuration.lease))
            let abandoned = try await store.heartbeat(
                owner: schedulerID, aliveUntil: expiry, now: now, restarted: last == nil)
            lastHeartbeat[name] = now
            if isProcessingPaused { noteRecovery(of: name) }
            for record in abandoned {
                reportAbandoned(record, store: name)
                await recover(record, store: name)
            }
        } catch {
            if isProcessingPaused {
                noteOutage(of: name, now: now, error: error, operation: "heartbeat")
                return
            }
            telemetry.metrics?.storeFailed(name, operation: "heartbeat")
            telemetry.logger.error(
                "heartbeat not written; trying again on a later pass",
                metadata: ["job.store": .string(name), "error.message": .string("\(error)")])
        }
    }

    private func reportAbandoned(_ record: RunRecord, store: String) {
        telemetry.emit(.runAbandoned(record, store: store))
        telemetry.logger.warning(
            "run abandoned: its scheduler stopped while it was in flight",
            metadata: [
                "job.id": .string(record.jobID.rawValue), "job.store": .string(store),
                "run.fire_time": .string(ISO8601Timestamp.format(record.scheduledFireTime, in: .gmt)),
                "run.owner": .string(record.owner),
            ])
    }

    /// Runs an abandoned run's fire time again when its job asks for it
    /// (``JobOptions/recoverAbandonedRuns``). This scheduler marked the record, so no
    /// other one recovers it too.
    private func recover(_ record: RunRecord, store name: String) async {
        do {
            guard let store = stores[name], let job = try await store.job(record.jobID), job.options.recoverAbandonedRuns else { return }
            telemetry.logger.info(
                "running an abandoned run again, as its job asks",
                metadata: [
                    "job.id": .string(record.jobID.rawValue), "job.store": .string(name),
                    "run.fire_time": .string(ISO8601Timestamp.format(record.scheduledFireTime, in: .gmt)),
                ])
            // It waits for a place rather than be skipped: it was due and never ran.
            try await startExtraRun(of: job, in: name, fireTime: record.scheduledFireTime, overflow: .queue)
        } catch {
            telemetry.logger.error(
                "an abandoned run could not be run again",
                metadata: ["job.id": .string(record.jobID.rawValue), "job.store": .string(name), "error.message": .string("\(error)")])
        }
    }
}
