import Foundation
import Hourglass

extension JobStoreConformance {
    static func record(_ id: Int64, job: String, at offset: Double, _ status: RunRecord.Status, owner: String = "one") -> RunRecord {
        RunRecord(
            id: id, jobID: JobID(job), scheduledFireTime: at(offset), startedAt: status == .running ? nil : at(offset),
            finishedAt: status == .running ? nil : at(offset + 1), status: status,
            message: status == .error ? "boom" : nil, attempt: 1, owner: owner)
    }

    static let history: [Check] = [
        check("run records list newest first, a known id is replaced, and history outlives its job") { store, name in
            _ = try await store.add(job("a", at: 1), onConflict: .fail)
            let claimed = try await store.claimDueJobs(now: at(3), limit: 10, owner: "one", lease: .seconds(30))
            _ = try await store.complete(
                [JobCompletion(id: "a", claim: claimed[0].claim, outcome: .finish)],
                recording: [record(2, job: "a", at: 2, .running)], owner: "one")
            try await store.record([record(1, job: "a", at: 1, .error), record(3, job: "a", at: 3, .running)])
            try await store.record([record(3, job: "a", at: 3, .success)])
            let runs = try await store.runs(of: "a", limit: 10)
            try expect(runs.map(\.id) == [3, 2, 1], name, "listed ids \(runs.map(\.id)), expected [3, 2, 1]")
            try expect(runs.map(\.status) == [.success, .running, .error], name, "statuses \(runs.map(\.status))")
            try expect(runs == [record(3, job: "a", at: 3, .success), record(2, job: "a", at: 2, .running), record(1, job: "a", at: 1, .error)],
                name, "a record changed on the way: \(runs)")
            let limited = try await store.runs(of: "a", limit: 2)
            try expect(limited.map(\.id) == [3, 2], name, "limit 2 gave \(limited.map(\.id))")
            let none = try await store.runs(of: "other", limit: 10)
            try expect(none.isEmpty, name, "a job with no runs listed \(none.count)")
        },
        check("a start is written only while its job has fewer running records than its limit, across owners") { store, name in
            _ = try await store.add(job("a", at: 1), onConflict: .fail)
            let claimed = try await store.claimDueJobs(now: at(1), limit: 10, owner: "one", lease: .seconds(30))
            let first = try await store.complete(
                [JobCompletion(id: "a", claim: claimed[0].claim, outcome: .reschedule(at(61)))], recording: [],
                starting: [RunStart(record: record(1, job: "a", at: 1, .running), maxConcurrentRuns: 2),
                    RunStart(record: record(2, job: "a", at: 1, .running), maxConcurrentRuns: 2),
                    RunStart(record: record(3, job: "a", at: 1, .running), maxConcurrentRuns: 2)],
                owner: "one")
            try expect(first.results == [.updated] && first.started == [true, true, false], name, "first batch gave \(first)")
            let other = try await store.start([RunStart(record: record(4, job: "a", at: 2, .running, owner: "two"), maxConcurrentRuns: 2)], owner: "two")
            try expect(other == [false], name, "another owner started beyond the limit: \(other)")
            try await store.record([record(1, job: "a", at: 1, .success)])
            let freed = try await store.start([RunStart(record: record(4, job: "a", at: 2, .running, owner: "two"), maxConcurrentRuns: 2)], owner: "two")
            try expect(freed == [true], name, "a freed place was not given: \(freed)")
            let runs = try await store.runs(of: "a", limit: 10)
            try expect(runs.map(\.id).sorted() == [1, 2, 4], name, "recorded \(runs.map(\.id)), expected 1, 2 and 4")
        },
        check("records and starts of a job whose claim was lost are dropped") { store, name in
            _ = try await store.add(job("a", at: 1), onConflict: .fail)
            let mine = try await store.claimDueJobs(now: at(1), limit: 10, owner: "one", lease: .seconds(30))
            let theirs = try await store.claimDueJobs(now: at(40), limit: 10, owner: "two", lease: .seconds(30))
            try expect(theirs.count == 1, name, "owner two did not take the expired claim over")
            let late = try await store.complete(
                [JobCompletion(id: "a", claim: mine[0].claim, outcome: .reschedule(at(61)))],
                recording: [record(1, job: "a", at: 0, .missed)],
                starting: [RunStart(record: record(2, job: "a", at: 1, .running), maxConcurrentRuns: 5)], owner: "one")
            try expect(late.results == [.claimLost] && late.started == [false], name, "a lost claim gave \(late)")
            let runs = try await store.runs(of: "a", limit: 10)
            try expect(runs.isEmpty, name, "a lost claim wrote \(runs.map(\.id))")
        },
        check("history keeps the last 100 runs of each job by default") { store, name in
            try await store.record((1...105).map { record(Int64($0), job: "a", at: Double($0), .success) })
            try await store.record([record(1_000, job: "b", at: 1, .success)])
            let runs = try await store.runs(of: "a", limit: 1_000)
            try expect(runs.count == 100 && runs.first?.id == 105 && runs.last?.id == 6, name,
                "kept \(runs.count) runs, \(String(describing: runs.first?.id)) to \(String(describing: runs.last?.id))")
            let other = try await store.runs(of: "b", limit: 10)
            try expect(other.count == 1, name, "another job's history was cut to \(other.count)")
        },
        check("a heartbeat marks abandoned the running records of dead owners only") { store, name in
            _ = try await store.heartbeat(owner: "alive", aliveUntil: at(100), now: at(0), restarted: false)
            _ = try await store.heartbeat(owner: "dead", aliveUntil: at(5), now: at(0), restarted: false)
            try await store.record([
                record(1, job: "a", at: 1, .running, owner: "alive"), record(2, job: "a", at: 2, .running, owner: "dead"),
                record(3, job: "a", at: 3, .success, owner: "dead"), record(4, job: "b", at: 4, .running, owner: "ghost"),
                record(5, job: "b", at: 5, .running, owner: "me"),
            ])
            let marked = try await store.heartbeat(owner: "me", aliveUntil: at(40), now: at(10), restarted: false)
            try expect(Set(marked.map(\.id)) == [2, 4], name, "marked \(marked.map(\.id)), expected [2, 4] (dead and never seen)")
            try expect(marked.allSatisfy { $0.status == .abandoned }, name, "returned statuses \(marked.map(\.status))")
            let runs = try await store.runs(of: "a", limit: 10) + store.runs(of: "b", limit: 10)
            let statuses = Dictionary(uniqueKeysWithValues: runs.map { ($0.id, $0.status) })
            try expect(statuses == [1: .running, 2: .abandoned, 3: .success, 4: .abandoned, 5: .running], name, "stored \(statuses)")
            let again = try await store.heartbeat(owner: "me", aliveUntil: at(40), now: at(11), restarted: false)
            try expect(again.isEmpty, name, "a second heartbeat marked \(again.map(\.id)) again")
            let restarted = try await store.heartbeat(owner: "me", aliveUntil: at(40), now: at(12), restarted: true)
            try expect(restarted.map(\.id) == [5], name, "a restart marked \(restarted.map(\.id)), expected its own [5]")
        },
        check("nodes lists each heartbeat's owner, expiry and running records, until it signs off") { store, name in
            _ = try await store.heartbeat(owner: "b-node", aliveUntil: at(100), now: at(0), restarted: false)
            _ = try await store.heartbeat(owner: "a-node", aliveUntil: at(50), now: at(0), restarted: false)
            try await store.record([
                record(1, job: "a", at: 1, .running, owner: "a-node"), record(2, job: "b", at: 2, .running, owner: "a-node"),
                record(3, job: "a", at: 3, .success, owner: "a-node"), record(4, job: "c", at: 4, .running, owner: "b-node"),
            ])
            let nodes = try await store.nodes()
            let expected = [
                SchedulerNode(owner: "a-node", aliveUntil: at(50), runningRuns: 2),
                SchedulerNode(owner: "b-node", aliveUntil: at(100), runningRuns: 1),
            ]
            try expect(nodes == expected, name, "listed \(nodes), expected \(expected)")
            try await store.signOff(owner: "a-node")
            let left = try await store.nodes().map(\.owner)
            try expect(left == ["b-node"], name, "after a sign-off listed \(left)")
        },
    ]
}
