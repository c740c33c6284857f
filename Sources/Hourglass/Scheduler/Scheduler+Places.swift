import Foundation

/// A run that a persistent store refused for want of a free place (``OverflowPolicy/queue``):
/// it exists from that refusal until the store admits it, its misfire grace time passes,
/// or the scheduler shuts down, in `Scheduler.runsAwaitingPlace`. Formerly `PlaceWaiter`.
struct RunAwaitingPlace {
    let run: JobRun
    let limit: Int
}

extension Scheduler {
    /// How often runs waiting for a place across the cluster ask their store again.
    static var placePollInterval: Double { 1 }

    /// Keeps `run` until its store has a free place for it; it stays in flight meanwhile.
    func waitForPlace(_ run: JobRun, limit: Int) {
        runsAwaitingPlace.append(RunAwaitingPlace(run: run, limit: limit))
        environment.runsInFlight.holdForPlace(run)
        telemetry.logger.info(
            "run waits for a free place: the job has its maximum of runs going",
            metadata: SchedulerTelemetry.metadata(run.info))
    }

    /// Asks each store again for places for the runs waiting on it, in the order they
    /// came; starts those it admits, and reports missed those past their misfire grace
    /// time. Returns when to ask again, or nil when none waits.
    func startWaitingRuns(now: Date) async -> Date? {
        guard !runsAwaitingPlace.isEmpty else { return nil }
        var still: [RunAwaitingPlace] = []
        for name in Set(runsAwaitingPlace.map(\.run.info.store)).sorted() {
            var waiting = runsAwaitingPlace.filter { $0.run.info.store == name }
            if let store = stores[name] {
                let expired = waiting.filter { $0.run.misfireDeadline.map { now > $0 } ?? false }
                waiting.removeAll { $0.run.misfireDeadline.map { now > $0 } ?? false }
                for waiter in expired {
                    environment.runsInFlight.endHoldForPlace(waiter.run)
                    await waiter.run.reportMissed(at: now)
                }
                do {
                    let started = try await store.start(
                        waiting.map { RunStart(record: $0.run.runningRecord, maxConcurrentRuns: $0.limit) }, owner: schedulerID)
                    for (index, waiter) in waiting.enumerated() {
                        guard started.indices.contains(index) && started[index] else {
                            still.append(waiter)
                            continue
                        }
                        environment.runsInFlight.endHoldForPlace(waiter.run)
                        waiter.run.executor.submit([waiter.run])
                    }
                    continue
                } catch {
                    telemetry.metrics?.storeFailed(name, operation: "start")
                    telemetry.logger.error(
                        "runs waiting for a place could not start; asking again shortly",
                        metadata: ["job.store": .string(name), "error.message": .string("\(error)")])
                }
            } else {
                // The store was removed: its waiting runs end here.
                for waiter in waiting {
                    environment.runsInFlight.endHoldForPlace(waiter.run)
                    await waiter.run.reportDropped()
                }
                continue
            }
            still.append(contentsOf: waiting)
        }
        runsAwaitingPlace = still
        return still.isEmpty ? nil : now.addingTimeInterval(Self.placePollInterval)
    }

    /// Ends the runs still waiting for a place, as cancelled (shutdown).
    func dropWaitingRuns() async {
        let waiting = runsAwaitingPlace
        runsAwaitingPlace = []
        for waiter in waiting {
            environment.runsInFlight.endHoldForPlace(waiter.run)
            await waiter.run.reportDropped()
        }
    }
}
