import Foundation

/// The memory store's data: jobs in slots (reused after removal), an index by id, a heap
/// of due times and a heap of lease expiries. A heap entry counts only while the slot has
/// not changed since (its revision, or its lease expiry) when it surfaces, so changing or
/// removing a job never searches a heap. The slots claimed together share one lease entry.
///
/// The claim and the completion read no field of a slot's job: to read one through the
/// optional job, Swift copies the whole slot and retains every reference in it. Before this
/// rule, each claimed job cost three such copies and each completion one or two. Taking
/// them out, with the copies in the dispatch plan and in finishing runs, made a burst of
/// 50,000 due jobs (W3 `task_async`) finish in 0.79 of the time, with 0.86 of the CPU
/// (medians of 40 rounds, builds taking turns; see docs/Benchmarks.md).
struct MemoryStoreState {
    /// 144 bytes: the job's 131, then three 32-bit fields in what would be padding.
    struct Slot {
        var job: Job?
        /// Where ``claims`` holds the slot's claim, or -1.
        var claimIndex: Int32 = -1
        var isClaimed: Bool { claimIndex >= 0 }
        /// The job id's hash bits as ``SlotIndex`` keeps them, so that the index entry of a
        /// known slot is found without hashing the id again.
        var hashBits: UInt32 = 0
        /// Changes (wrapping) whenever the slot's job does: a claim compares it at completion.
        var revision: UInt32 = 0
    }

    /// 16 bytes: the time, the slot, and the slot's ``Slot/revision`` when the entry was
    /// made. Every change to a slot's job changes its revision, so the entry describes the
    /// slot's job only while the revisions match.
    struct HeapEntry: Comparable {
        var time: Double
        var slot: Int32
        var revision: UInt32

        static func < (lhs: HeapEntry, rhs: HeapEntry) -> Bool {
            (lhs.time, lhs.slot, lhs.revision) < (rhs.time, rhs.slot, rhs.revision)
        }
    }

    /// A claim, with the id of the job it was made for.
    struct HeldClaim {
        var claim: JobClaim
        var id: JobID
    }

    /// The slots claimed by one call, which share a lease expiry.
    struct LeaseBatch: Comparable {
        var expiry: Double
        var slots: [Int32]

        static func < (lhs: LeaseBatch, rhs: LeaseBatch) -> Bool { lhs.expiry < rhs.expiry }
        static func == (lhs: LeaseBatch, rhs: LeaseBatch) -> Bool { lhs.expiry == rhs.expiry }
    }

    var slots: [Slot] = []
    var freeSlots: [Int32] = []
    var index = SlotIndex()
    /// Claims, by ``Slot/claimIndex``; few jobs are claimed at a time, so they are kept
    /// apart from the slots, and their places are reused.
    var claims: [HeldClaim?] = []
    var freeClaims: [Int32] = []
    var dueHeap = MinHeap<HeapEntry>()
    var leaseHeap = MinHeap<LeaseBatch>()
    /// Counts claims (wrapping); with the slot number it makes each claim's token.
    var claimSequence: UInt32 = 0

    /// How many jobs the store holds.
    var count: Int { index.count }

    /// The revision of the job in `slot`, as ``Job/revision`` gives it.
    func revision(at slot: Int32) -> Int64 { Int64(slots[Int(slot)].revision) }

    /// The job in `slot`, which holds one, with its revision.
    func job(at slot: Int32) -> Job {
        var job = slots[Int(slot)].job!
        job.revision = revision(at: slot)
        return job
    }

    /// The slot holding the job `id`.
    func slot(of id: JobID) -> Int32? {
        index.find(id, in: slots)
    }

    mutating func add(_ job: Job, onConflict: ConflictPolicy) throws -> JobAddResult {
        if let slot = slot(of: job.id) {
            let existing = slots[Int(slot)].job!
            switch onConflict.kind {
            case .fail: throw SchedulerError.jobExists(job.id)
            case .keepExisting: return .keptExisting(existing)
            case .replace:
                replace(slot: slot, with: job)
                return .replaced(previous: existing, by: job)
            case .update:
                guard let updated = job.updating(existing) else { return .keptExisting(existing) }
                replace(slot: slot, with: updated)
                return .replaced(previous: existing, by: updated)
            }
        }
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
        } else {
            slot = Int32(slots.count)
            slots.append(Slot())
        }
        let hashBits = SlotIndex.hashBits(job.id)
        slots[Int(slot)].hashBits = hashBits
        replace(slot: slot, with: job)
        index.insert(slot, hashBits: hashBits)
        return .added(job)
    }

    mutating func replace(slot: Int32, with job: Job) {
        slots[Int(slot)].job = job
        slots[Int(slot)].revision &+= 1
        if !slots[Int(slot)].isClaimed { pushDue(slot, for: job) }
    }

    /// Puts the slot in the due heap if `job`, the slot's job, is due at all.
    private mutating func pushDue(_ slot: Int32, for job: Job) {
        guard let next = Self.dueTime(of: job) else { return }
        pushDue(slot, at: next)
    }

    /// When `job` is due: its next run time, or nil when it is paused or has none.
    private static func dueTime(of job: Job) -> Date? {
        job.isPaused ? nil : job.nextRunTime
    }

    /// Puts the slot in the due heap at `time`, its job's next run time.
    private mutating func pushDue(_ slot: Int32, at time: Date) {
        dueHeap.insert(HeapEntry(time: time.timeIntervalSince1970, slot: slot, revision: slots[Int(slot)].revision))
        compactIfNeeded()
    }

    mutating func remove(_ id: JobID) -> Job? {
        guard let slot = index.remove(id, in: slots) else { return nil }
        return clear(slot)
    }

    /// Empties a slot the index no longer holds and returns its job.
    @discardableResult
    private mutating func clear(_ slot: Int32) -> Job? {
        releaseClaim(of: slot)
        let job = slots[Int(slot)].job.take()
        slots[Int(slot)].revision &+= 1
        freeSlots.append(slot)
        return job
    }

    /// Whether a due-heap entry still describes its slot: the slot's job has not changed
    /// since the entry was made (so it is there, not paused, due at the entry's time) and
    /// is not claimed. A duplicate that also passes is harmless: the first to surface
    /// claims the job and the claim makes the others fail.
    private func isCurrentDue(_ entry: HeapEntry) -> Bool {
        let slot = Int(entry.slot)
        return !slots[slot].isClaimed && slots[slot].revision == entry.revision
    }

    /// Whether `slot` is still claimed with the lease that ends at `expiry`. (An emptied
    /// slot holds no claim.)
    private func isCurrentLease(_ slot: Int32, expiry: Double) -> Bool {
        claim(of: slot)?.leaseExpiry.timeIntervalSince1970 == expiry
    }

    mutating func nextWakeTime() -> Date? {
        while let top = dueHeap.min, !isCurrentDue(top) { dueHeap.removeMin() }
        while let top = leaseHeap.min, !top.slots.contains(where: { isCurrentLease($0, expiry: top.expiry) }) {
            leaseHeap.removeMin()
        }
        let earliest = [dueHeap.min?.time, leaseHeap.min?.expiry].compactMap { $0 }.min()
        return earliest.map(Date.init(timeIntervalSince1970:))
    }

    mutating func claim(now: Date, limit: Int, owner: String, lease: Duration) -> [ClaimedJob] {
        let cutoff = now.timeIntervalSince1970
        let expiry = now.addingTimeInterval(IntervalTrigger.seconds(lease))
        var claimed: [ClaimedJob] = []
        var taken: [Int32] = []
        while claimed.count < limit, let top = leaseHeap.min, top.expiry <= cutoff {
            let batch = leaseHeap.removeMin()
            var left: [Int32] = []
            for slot in batch.slots where isCurrentLease(slot, expiry: batch.expiry) {
                if claimed.count < limit {
                    claimed.append(take(slot, owner: owner, expiry: expiry))
                    taken.append(slot)
                } else {
                    left.append(slot)
                }
            }
            if !left.isEmpty { leaseHeap.insert(LeaseBatch(expiry: batch.expiry, slots: left)) }
        }
        while claimed.count < limit, let top = dueHeap.min, top.time <= cutoff {
            dueHeap.removeMin()
            if isCurrentDue(top) {
                claimed.append(take(top.slot, owner: owner, expiry: expiry))
                taken.append(top.slot)
            }
        }
        if !taken.isEmpty { leaseHeap.insert(LeaseBatch(expiry: expiry.timeIntervalSince1970, slots: taken)) }
        return claimed
    }

    private mutating func take(_ slot: Int32, owner: String, expiry: Date) -> ClaimedJob {
        claimSequence &+= 1
        let token = Int64(claimSequence) << 32 | Int64(UInt32(bitPattern: slot))
        let claim = JobClaim(owner: owner, leaseExpiry: expiry, token: token, revision: Int64(slots[Int(slot)].revision))
        let job = slots[Int(slot)].job!
        releaseClaim(of: slot)
        let held = HeldClaim(claim: claim, id: job.id)
        if let free = freeClaims.popLast() {
            claims[Int(free)] = held
            slots[Int(slot)].claimIndex = free
        } else {
            slots[Int(slot)].claimIndex = Int32(claims.count)
            claims.append(held)
        }
        return ClaimedJob(job: job, claim: claim)
    }

    mutating func complete(_ completion: JobCompletion, owner: String) -> JobCompletionResult {
        // The token's low half names the slot, so no lookup by id is needed.
        let slot = Int32(truncatingIfNeeded: completion.claim.token)
        guard slot >= 0, Int(slot) < slots.count, let held = heldClaim(of: slot), held.id == completion.id,
            held.claim.token == completion.claim.token, held.claim.owner == owner
        else { return .claimLost }
        releaseClaim(of: slot)
        guard Int64(slots[Int(slot)].revision) == completion.claim.revision else {
            pushDue(slot, for: slots[Int(slot)].job!)
            return .keptUpdate
        }
        switch completion.outcome {
        case .finish:
            index.remove(slot, hashBits: slots[Int(slot)].hashBits)
            // The claim shows the job is in the slot. (`clear(slot) == nil` would compare
            // two optional jobs with `Job.==`, copying both.)
            clear(slot)
            return .removed
        case .reschedule(let next):
            slots[Int(slot)].job!.nextRunTime = next
            slots[Int(slot)].revision &+= 1
            pushDue(slot, at: next)
        case .release:
            pushDue(slot, for: slots[Int(slot)].job!)
        }
        return .updated
    }

    private func claim(of slot: Int32) -> JobClaim? {
        heldClaim(of: slot)?.claim
    }

    private func heldClaim(of slot: Int32) -> HeldClaim? {
        let index = slots[Int(slot)].claimIndex
        return index >= 0 ? claims[Int(index)] : nil
    }

    /// Ends the slot's claim, if any, and frees its place.
    private mutating func releaseClaim(of slot: Int32) {
        let index = slots[Int(slot)].claimIndex
        guard index >= 0 else { return }
        claims[Int(index)] = nil
        freeClaims.append(index)
        slots[Int(slot)].claimIndex = -1
    }

    /// Rebuilds the heaps when stale entries outnumber live jobs, so memory stays bounded.
    private mutating func compactIfNeeded() {
        guard dueHeap.count > 2 * count + 1_024 else { return }
        var entries: [HeapEntry] = []
        entries.reserveCapacity(count)
        for (index, slot) in slots.enumerated() where !slot.isClaimed {
            if let job = slot.job, let next = Self.dueTime(of: job) {
                entries.append(HeapEntry(time: next.timeIntervalSince1970, slot: Int32(index), revision: slot.revision))
            }
        }
        dueHeap = MinHeap(entries)
    }
}
