import Foundation
import HeapModule

/// The memory store's data: jobs in slots (reused after removal), an index by id, a heap
/// of due times and a heap of lease expiries. Heap entries are checked against the slot's
/// revision when they surface, so changing or removing a job never searches a heap.
struct MemoryStoreState {
    struct Slot {
        var job: Job?
        var revision: Int64 = 0
    }

    struct HeapEntry: Comparable {
        var time: Double
        var slot: Int32
        var revision: Int64

        static func < (lhs: HeapEntry, rhs: HeapEntry) -> Bool {
            (lhs.time, lhs.slot) < (rhs.time, rhs.slot)
        }
    }

    var slots: [Slot] = []
    var freeSlots: [Int32] = []
    var slotByID: [JobID: Int32] = [:]
    /// Claims by slot, apart from the slots: few jobs are claimed at a time.
    var claims: [Int32: JobClaim] = [:]
    var dueHeap = Heap<HeapEntry>()
    var leaseHeap = Heap<HeapEntry>()
    var lastRevision: Int64 = 0

    mutating func add(_ job: Job, onConflict: ConflictPolicy) throws -> JobAddResult {
        if let slot = slotByID[job.id] {
            let existing = slots[Int(slot)].job!
            switch onConflict.kind {
            case .fail: throw SchedulerError.jobExists(job.id)
            case .keepExisting: return .keptExisting(existing)
            case .replace:
                replace(slot: slot, with: job)
                return .replaced(previous: existing, by: job)
            }
        }
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
        } else {
            slot = Int32(slots.count)
            slots.append(Slot())
        }
        slotByID[job.id] = slot
        replace(slot: slot, with: job)
        return .added(job)
    }

    mutating func replace(slot: Int32, with job: Job) {
        lastRevision += 1
        slots[Int(slot)].job = job
        slots[Int(slot)].revision = lastRevision
        if claims[slot] == nil { pushDue(slot) }
    }

    private mutating func pushDue(_ slot: Int32) {
        let entry = slots[Int(slot)]
        guard let job = entry.job, !job.isPaused, let next = job.nextRunTime else { return }
        dueHeap.insert(HeapEntry(time: next.timeIntervalSince1970, slot: slot, revision: entry.revision))
        compactIfNeeded()
    }

    mutating func remove(_ id: JobID) -> Job? {
        guard let slot = slotByID.removeValue(forKey: id) else { return nil }
        let job = slots[Int(slot)].job
        lastRevision += 1
        slots[Int(slot)] = Slot(job: nil, revision: lastRevision)
        claims[slot] = nil
        freeSlots.append(slot)
        return job
    }

    /// Whether a due-heap entry still describes its slot.
    private func isCurrentDue(_ entry: HeapEntry) -> Bool {
        let slot = slots[Int(entry.slot)]
        return slot.job != nil && slot.revision == entry.revision && claims[entry.slot] == nil
    }

    /// Whether a lease-heap entry still describes a live claim.
    private func isCurrentLease(_ entry: HeapEntry) -> Bool {
        slots[Int(entry.slot)].job != nil && claims[entry.slot]?.token == entry.revision
    }

    mutating func nextWakeTime() -> Date? {
        while let top = dueHeap.min, !isCurrentDue(top) { dueHeap.removeMin() }
        while let top = leaseHeap.min, !isCurrentLease(top) { leaseHeap.removeMin() }
        let earliest = [dueHeap.min?.time, leaseHeap.min?.time].compactMap { $0 }.min()
        return earliest.map(Date.init(timeIntervalSince1970:))
    }

    mutating func claim(now: Date, limit: Int, owner: String, lease: Duration) -> [ClaimedJob] {
        let cutoff = now.timeIntervalSince1970
        let expiry = now.addingTimeInterval(IntervalTrigger.seconds(lease))
        var claimed: [ClaimedJob] = []
        while claimed.count < limit, let top = leaseHeap.min, top.time <= cutoff {
            leaseHeap.removeMin()
            if isCurrentLease(top) { claimed.append(take(top.slot, owner: owner, expiry: expiry)) }
        }
        while claimed.count < limit, let top = dueHeap.min, top.time <= cutoff {
            dueHeap.removeMin()
            if isCurrentDue(top) { claimed.append(take(top.slot, owner: owner, expiry: expiry)) }
        }
        return claimed
    }

    private mutating func take(_ slot: Int32, owner: String, expiry: Date) -> ClaimedJob {
        lastRevision += 1
        let claim = JobClaim(owner: owner, leaseExpiry: expiry, token: lastRevision, revision: slots[Int(slot)].revision)
        claims[slot] = claim
        leaseHeap.insert(HeapEntry(time: expiry.timeIntervalSince1970, slot: slot, revision: claim.token))
        return ClaimedJob(job: slots[Int(slot)].job!, claim: claim)
    }

    mutating func complete(_ completion: JobCompletion, owner: String) -> JobCompletionResult {
        guard let slot = slotByID[completion.id], let claim = claims[slot],
            claim.token == completion.claim.token, claim.owner == owner
        else { return .claimLost }
        claims[slot] = nil
        guard slots[Int(slot)].revision == completion.claim.revision else {
            pushDue(slot)
            return .keptUpdate
        }
        switch completion.outcome {
        case .finish:
            return remove(completion.id).map(JobCompletionResult.removed) ?? .claimLost
        case .reschedule(let next):
            var job = slots[Int(slot)].job!
            job.nextRunTime = next
            replace(slot: slot, with: job)
        case .release:
            pushDue(slot)
        }
        return .updated
    }

    /// Rebuilds the heaps when stale entries outnumber live jobs, so memory stays bounded.
    private mutating func compactIfNeeded() {
        guard dueHeap.count > 2 * slotByID.count + 1_024 else { return }
        var entries: [HeapEntry] = []
        entries.reserveCapacity(slotByID.count)
        for (index, slot) in slots.enumerated() where claims[Int32(index)] == nil {
            if let job = slot.job, !job.isPaused, let next = job.nextRunTime {
                entries.append(HeapEntry(time: next.timeIntervalSince1970, slot: Int32(index), revision: slot.revision))
            }
        }
        dueHeap = Heap(entries)
    }
}
