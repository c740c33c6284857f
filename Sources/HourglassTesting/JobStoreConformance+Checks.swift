import Foundation
import Hourglass

extension JobStoreConformance {
    static func check(_ name: String, _ body: @escaping @Sendable (any JobStore, String) async throws -> Void) -> Check {
        Check(name: name) { store in try await body(store, name) }
    }

    static let basics: [Check] = [
        check("add then get returns the same job, every field kept") { store, name in
            var stored = job("a", at: 10, tags: ["x", "y"])
            stored.options.misfireGraceTime = .seconds(5)
            stored.options.coalesce = .all
            stored.options.retry = RetryPolicy(maxAttempts: 3)
            stored.options.metadata = ["owner": "ops"]
            _ = try await store.add(stored, onConflict: .fail)
            let read = try await store.job("a")
            try expect(read == stored, name, "read \(String(describing: read)), stored \(stored)")
        },
        check("batch add adds every job") { store, name in
            let results = try await store.add([job("a", at: 1), job("b", at: 2)], onConflict: .fail)
            try expect(results.count == 2, name, "got \(results.count) results for 2 jobs")
            let ids = try await store.jobs(matching: JobFilter()).map(\.id)
            try expect(ids == ["a", "b"], name, "listed \(ids)")
        },
        check("a batch add that meets an existing id under .fail adds nothing") { store, name in
            _ = try await store.add(job("b", at: 2), onConflict: .fail)
            try await expectError(.jobExists, name) {
                _ = try await store.add([job("a", at: 1), job("b", at: 3), job("c", at: 4)], onConflict: .fail)
            }
            let ids = try await store.jobs(matching: JobFilter()).map(\.id)
            try expect(ids == ["b"], name, "after the refused batch the store holds \(ids)")
        },
        check("a job with an id of the longest length is kept, claimed, completed and recorded") { store, name in
            // Random letters, which do not compress: an index must hold the id as it is.
            var random = SplitMix64(seed: 7)
            let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
            let id = String((0..<Job.maximumIDLength).map { _ in letters[Int(random.next() % UInt64(letters.count))] })
            _ = try await store.add(job(id, at: 1), onConflict: .fail)
            let claimed = try await store.claimDueJobs(now: at(1), limit: 10, owner: "one", lease: .seconds(30))
            try expect(claimed.map(\.job.id.rawValue) == [id], name, "claimed \(claimed.count) jobs")
            let done = try await store.complete(
                [JobCompletion(id: JobID(id), claim: claimed[0].claim, outcome: .finish)], owner: "one")
            try expect(done == [.removed], name, "completing the job gave \(done)")
            try await store.record([record(1, job: id, at: 1, .success)])
            let runs = try await store.runs(of: JobID(id), limit: 10)
            try expect(runs.map(\.id) == [1], name, "the job's history holds \(runs.map(\.id))")
        },
        check("update replaces the job; updating a missing job is jobNotFound") { store, name in
            _ = try await store.add(job("a", at: 10), onConflict: .fail)
            var changed = job("a", at: 20)
            changed.name = "renamed"
            try await store.update(changed)
            let read = try await store.job("a")
            try expect(read?.name == "renamed" && read?.nextRunTime == at(20), name, "read \(String(describing: read))")
            try await expectError(.jobNotFound, name) { try await store.update(job("missing", at: 1)) }
        },
        check("remove returns the job once; removeAll empties the store") { store, name in
            _ = try await store.add([job("a", at: 1), job("b", at: 2), job("c", at: 3)], onConflict: .fail)
            let removed = try await store.remove("a")
            try expect(removed?.id == "a", name, "remove returned \(String(describing: removed))")
            let again = try await store.remove("a")
            try expect(again == nil, name, "a second remove returned \(String(describing: again))")
            let all = try await store.removeAll().sorted()
            try expect(all == ["b", "c"], name, "removeAll returned \(all)")
            let left = try await store.jobs(matching: JobFilter())
            let wake = try await store.nextWakeTime()
            try expect(left.isEmpty && wake == nil, name, "after removeAll: \(left.count) jobs, wake \(String(describing: wake))")
        },
    ]

    static let conflicts: [Check] = [
        check("an existing id: fail throws jobExists, keepExisting keeps, replace replaces") { store, name in
            _ = try await store.add(job("a", at: 10), onConflict: .fail)
            try await expectError(.jobExists, name) { _ = try await store.add(job("a", at: 20), onConflict: .fail) }
            let kept = try await store.add(job("a", at: 30), onConflict: .keepExisting)
            try expect(kept == .keptExisting(job("a", at: 10)), name, "keepExisting gave \(kept)")
            let replaced = try await store.add(job("a", at: 40), onConflict: .replace)
            try expect(replaced.job.nextRunTime == at(40), name, "replace gave \(replaced)")
            let wake = try await store.nextWakeTime()
            try expect(wake == at(40), name, "next wake \(String(describing: wake)) after replacing, expected +40 s")
        },
        check("update keeps an unchanged job, and a changed job's next run time while its trigger is the same") { store, name in
            _ = try await store.add(job("a", at: 10), onConflict: .update)
            let same = try await store.add(job("a", at: 99), onConflict: .update)
            try expect(same == .keptExisting(job("a", at: 10)), name, "an unchanged job gave \(same)")
            var renamed = job("a", at: 99)
            renamed.name = "renamed"
            let changed = try await store.add(renamed, onConflict: .update)
            let stored = try await store.job("a")
            try expect(changed.job.name == "renamed" && stored?.name == "renamed", name, "a changed job gave \(changed)")
            try expect(stored?.nextRunTime == at(10), name, "the next run moved to \(String(describing: stored?.nextRunTime))")
            var retimed = job("a", at: 50)
            retimed.trigger = AnyTrigger(try IntervalTrigger(every: .seconds(30), start: base))
            _ = try await store.add(retimed, onConflict: .update)
            let rescheduled = try await store.job("a")
            try expect(rescheduled?.nextRunTime == at(50), name, "a new trigger kept \(String(describing: rescheduled?.nextRunTime))")
        },
        check("update with a revision is compare-and-swap: a stale revision changes nothing") { store, name in
            _ = try await store.add(job("a", at: 10), onConflict: .fail)
            let read = try await store.job("a")
            let revision = try unwrap(read?.revision, name, "job(_:) gave no revision")
            var first = try unwrap(read, name, "the job is missing")
            first.name = "first"
            let next = try await store.update(first)
            try expect(next != revision, name, "an update kept revision \(revision)")
            let listed = try await store.jobs(matching: JobFilter()).first?.revision
            try expect(listed == next, name, "jobs(matching:) gave revision \(String(describing: listed)), expected \(next)")
            var stale = try unwrap(read, name, "the job is missing")
            stale.name = "stale"
            try await expectError(.jobChanged, name) { try await store.update(stale) }
            try expect(try await store.job("a")?.name == "first", name, "a stale update was written")
            var unconditional = stale
            unconditional.revision = nil
            try await store.update(unconditional)
            try expect(try await store.job("a")?.name == "stale", name, "an update without a revision was not written")
            var missing = job("b", at: 10)
            missing.revision = 1
            try await expectError(.jobNotFound, name) { try await store.update(missing) }
        },
        check("update keeps the pause state of the stored job") { store, name in
            _ = try await store.add(job("a", at: nil, paused: true), onConflict: .fail)
            var renamed = job("a", at: 10)
            renamed.name = "renamed"
            _ = try await store.add(renamed, onConflict: .update)
            let stored = try await store.job("a")
            try expect(stored?.isPaused == true && stored?.nextRunTime == nil, name, "the paused job became \(String(describing: stored))")
            try expect(stored?.name == "renamed", name, "the change was not stored: \(String(describing: stored))")
        },
    ]

    static let listing: [Check] = [
        check("listing is earliest first, paused last, ties by id; filters combine") { store, name in
            _ = try await store.add(
                [
                    job("d", at: nil, tags: ["x"], paused: true), job("c", at: 5, tags: ["x", "y"]),
                    job("b", at: 5), job("a", at: 9, tags: ["x"]),
                ], onConflict: .fail)
            let all = try await store.jobs(matching: JobFilter()).map(\.id)
            try expect(all == ["b", "c", "a", "d"], name, "order \(all)")
            let tagged = try await store.jobs(matching: JobFilter(tags: ["x"])).map(\.id)
            try expect(tagged == ["c", "a", "d"], name, "tag x gave \(tagged)")
            let paused = try await store.jobs(matching: JobFilter(isPaused: true)).map(\.id)
            try expect(paused == ["d"], name, "paused gave \(paused)")
            let soon = try await store.jobs(matching: JobFilter(tags: ["x"], nextRunBefore: at(6))).map(\.id)
            try expect(soon == ["c"], name, "tag x before +6 s gave \(soon)")
            let handler = try await store.jobs(matching: JobFilter(handlerName: "handler-a")).map(\.id)
            try expect(handler == ["a"], name, "handler filter gave \(handler)")
        },
        check("the next wake time is the earliest active job; paused jobs never wake") { store, name in
            _ = try await store.add([job("p", at: nil, paused: true), job("b", at: 7), job("a", at: 3)], onConflict: .fail)
            let wake = try await store.nextWakeTime()
            try expect(wake == at(3), name, "next wake \(String(describing: wake)), expected +3 s")
        },
    ]

    static let claims: [Check] = [
        check("claims take due jobs only, earliest first, up to the limit") { store, name in
            _ = try await store.add([job("c", at: 3), job("a", at: 1), job("b", at: 2), job("later", at: 100)], onConflict: .fail)
            let first = try await store.claimDueJobs(now: at(50), limit: 2, owner: "one", lease: .seconds(30))
            try expect(first.map(\.job.id) == ["a", "b"], name, "first claim \(first.map(\.job.id))")
            let second = try await store.claimDueJobs(now: at(50), limit: 10, owner: "one", lease: .seconds(30))
            try expect(second.map(\.job.id) == ["c"], name, "second claim \(second.map(\.job.id))")
            try expect(second.first?.job.nextRunTime == at(3), name, "a claimed job carries its due fire time")
        },
        check("a paused job is not claimed even with a next run time; resumed, it is") { store, name in
            var job = job("a", at: 1)
            job.isPaused = true
            _ = try await store.add(job, onConflict: .fail)
            let wake = try await store.nextWakeTime()
            try expect(wake == nil, name, "a paused job set the next wake time to \(String(describing: wake))")
            let paused = try await store.claimDueJobs(now: at(50), limit: 10, owner: "one", lease: .seconds(30))
            try expect(paused.isEmpty, name, "claimed the paused job: \(paused.map(\.job.id))")
            job.isPaused = false
            try await store.update(job)
            let resumed = try await store.claimDueJobs(now: at(50), limit: 10, owner: "one", lease: .seconds(30))
            try expect(resumed.map(\.job.id) == ["a"], name, "after resuming, claimed \(resumed.map(\.job.id))")
        },
        check("a claimed job is not claimed again until its lease expires, then by anyone") { store, name in
            _ = try await store.add(job("a", at: 1), onConflict: .fail)
            let mine = try await store.claimDueJobs(now: at(1), limit: 10, owner: "one", lease: .seconds(30))
            try expect(mine.count == 1, name, "owner one claimed \(mine.count)")
            let during = try await store.claimDueJobs(now: at(30), limit: 10, owner: "two", lease: .seconds(30))
            try expect(during.isEmpty, name, "owner two claimed \(during.map(\.job.id)) during the lease")
            let wake = try await store.nextWakeTime()
            try expect(wake == at(31), name, "next wake \(String(describing: wake)), expected the lease expiry +31 s")
            let after = try await store.claimDueJobs(now: at(32), limit: 10, owner: "two", lease: .seconds(30))
            try expect(after.map(\.job.id) == ["a"], name, "owner two claimed \(after.map(\.job.id)) after expiry")
            let late = try await store.complete(
                [JobCompletion(id: "a", claim: mine[0].claim, outcome: .reschedule(at(61)))], owner: "one")
            try expect(late == [.claimLost], name, "a completion of a lost claim gave \(late)")
            let read = try await store.job("a")
            try expect(read?.nextRunTime == at(1), name, "a lost claim changed the job: \(String(describing: read))")
        },
        check("expired claims are taken over in pieces, and completed ones stay done") { store, name in
            _ = try await store.add((1...5).map { job("j\($0)", at: 1) }, onConflict: .fail)
            let mine = try await store.claimDueJobs(now: at(1), limit: 10, owner: "one", lease: .seconds(30))
            try expect(mine.count == 5, name, "owner one claimed \(mine.count) of 5")
            let done = try await store.complete(
                [JobCompletion(id: "j1", claim: mine[0].claim, outcome: .reschedule(at(1_000)))], owner: "one")
            try expect(done == [.updated], name, "completing j1 gave \(done)")
            let wake = try await store.nextWakeTime()
            try expect(wake == at(31), name, "next wake \(String(describing: wake)), expected the lease expiry +31 s")
            let first = try await store.claimDueJobs(now: at(40), limit: 2, owner: "two", lease: .seconds(30))
            let rest = try await store.claimDueJobs(now: at(40), limit: 10, owner: "two", lease: .seconds(30))
            let taken = (first + rest).map(\.job.id).sorted()
            try expect(first.count == 2 && taken == ["j2", "j3", "j4", "j5"], name, "owner two took \(first.count) then \(taken)")
            let none = try await store.claimDueJobs(now: at(40), limit: 10, owner: "three", lease: .seconds(30))
            try expect(none.isEmpty, name, "owner three claimed \(none.map(\.job.id)) while two holds the leases")
            let later = try await store.nextWakeTime()
            try expect(later == at(70), name, "next wake \(String(describing: later)), expected two's lease expiry +70 s")
        },
        check("complete reschedules, finishes (removes) or releases") { store, name in
            _ = try await store.add([job("a", at: 1), job("b", at: 1), job("c", at: 1)], onConflict: .fail)
            let claimed = try await store.claimDueJobs(now: at(1), limit: 10, owner: "one", lease: .seconds(30))
            let byID = Dictionary(uniqueKeysWithValues: claimed.map { ($0.job.id, $0.claim) })
            let results = try await store.complete(
                [
                    JobCompletion(id: "a", claim: byID["a"]!, outcome: .reschedule(at(61))),
                    JobCompletion(id: "b", claim: byID["b"]!, outcome: .finish),
                    JobCompletion(id: "c", claim: byID["c"]!, outcome: .release),
                ], owner: "one")
            try expect(results.count == 3 && results[0] == .updated && results[2] == .updated, name, "results \(results)")
            guard case .removed = results[1] else {
                throw Failure(check: name, message: "finish gave \(results[1])")
            }
            let ids = try await store.jobs(matching: JobFilter()).map(\.id)
            try expect(ids == ["c", "a"], name, "left \(ids)")
            let again = try await store.claimDueJobs(now: at(2), limit: 10, owner: "two", lease: .seconds(300))
            try expect(again.map(\.job.id) == ["c"], name, "after release, claimed \(again.map(\.job.id))")
            let rescheduled = try await store.claimDueJobs(now: at(61), limit: 10, owner: "two", lease: .seconds(30))
            try expect(rescheduled.map(\.job.id) == ["a"], name, "at +61 s claimed \(rescheduled.map(\.job.id))")
        },
        check("a change made while claimed survives the claim's completion") { store, name in
            _ = try await store.add(job("a", at: 1), onConflict: .fail)
            let claimed = try await store.claimDueJobs(now: at(1), limit: 10, owner: "one", lease: .seconds(30))
            var paused = job("a", at: nil, paused: true)
            paused.name = "paused while running"
            try await store.update(paused)
            let results = try await store.complete(
                [JobCompletion(id: "a", claim: claimed[0].claim, outcome: .reschedule(at(61)))], owner: "one")
            try expect(results == [.keptUpdate], name, "completion gave \(results)")
            let read = try await store.job("a")
            try expect(read?.isPaused == true && read?.nextRunTime == nil, name, "the update was lost: \(String(describing: read))")
        },
        check("completing a claim of a removed job changes nothing") { store, name in
            _ = try await store.add(job("a", at: 1), onConflict: .fail)
            let claimed = try await store.claimDueJobs(now: at(1), limit: 10, owner: "one", lease: .seconds(30))
            _ = try await store.remove("a")
            let results = try await store.complete(
                [JobCompletion(id: "a", claim: claimed[0].claim, outcome: .reschedule(at(61)))], owner: "one")
            try expect(results == [.claimLost], name, "completion gave \(results)")
            let read = try await store.job("a")
            try expect(read == nil, name, "a removed job came back: \(String(describing: read))")
        },
        check("a claim completes only its own job, not one added later in its place or under its id") { store, name in
            _ = try await store.add(job("a", at: 1), onConflict: .fail)
            let old = try await store.claimDueJobs(now: at(1), limit: 10, owner: "one", lease: .seconds(30))
            _ = try await store.remove("a")
            _ = try await store.add([job("b", at: 1), job("a", at: 1)], onConflict: .fail)
            let new = try await store.claimDueJobs(now: at(1), limit: 10, owner: "one", lease: .seconds(30))
            try expect(new.map(\.job.id).sorted() == ["a", "b"], name, "claimed \(new.map(\.job.id)) after adding again")
            let claimOfB = new.first { $0.job.id == "b" }!.claim
            let results = try await store.complete(
                [
                    JobCompletion(id: "a", claim: old[0].claim, outcome: .finish),
                    JobCompletion(id: "a", claim: claimOfB, outcome: .finish),
                    JobCompletion(id: "b", claim: old[0].claim, outcome: .finish),
                ], owner: "one")
            try expect(results == [.claimLost, .claimLost, .claimLost], name, "stale or borrowed claims gave \(results)")
            let left = try await store.jobs(matching: JobFilter()).map(\.id).sorted()
            try expect(left == ["a", "b"], name, "stale claims removed jobs; left \(left)")
            let current = try await store.complete(
                new.map { JobCompletion(id: $0.job.id, claim: $0.claim, outcome: .reschedule(at(61))) }, owner: "one")
            try expect(current == [.updated, .updated], name, "the current claims gave \(current)")
        },
        check("only the owner can complete its claim") { store, name in
            _ = try await store.add(job("a", at: 1), onConflict: .fail)
            let claimed = try await store.claimDueJobs(now: at(1), limit: 10, owner: "one", lease: .seconds(30))
            let results = try await store.complete(
                [JobCompletion(id: "a", claim: claimed[0].claim, outcome: .finish)], owner: "two")
            try expect(results == [.claimLost], name, "another owner's completion gave \(results)")
            let read = try await store.job("a")
            try expect(read != nil, name, "another owner removed the job")
        },
    ]
}
