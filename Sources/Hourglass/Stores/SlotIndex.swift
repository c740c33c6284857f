/// Finds a job's slot by id with 8 bytes a bucket: an open-addressing table of slot
/// numbers, each with 32 bits of its id's hash. The ids themselves are read from the
/// slots, and only when the hash bits match. A dictionary from id to slot would keep a
/// second copy of every id and cost about 40 bytes a job.
///
/// Linear probing, at most half full; removal shifts later entries back, so there are no
/// tombstones and lookups stay short after many removals.
struct SlotIndex {
    /// A bucket: the hash bits in the high half, the slot number in the low half.
    private typealias Bucket = UInt64
    /// No slot is -1, so no entry equals this.
    private static let empty: Bucket = .max
    private var buckets: [Bucket] = []
    /// How many slots the index holds.
    private(set) var count = 0

    /// The 32 bits of `id`'s hash that the index keeps.
    static func hashBits(_ id: JobID) -> UInt32 { UInt32(truncatingIfNeeded: id.hashValue) }
    private static func slot(_ bucket: Bucket) -> Int32 { Int32(truncatingIfNeeded: bucket) }
    private func home(_ hashBits: UInt64) -> Int { Int(hashBits) & (buckets.count - 1) }

    /// The slot holding `id`.
    func find(_ id: JobID, in slots: [MemoryStoreState.Slot]) -> Int32? {
        position(of: id, in: slots).map { Self.slot(buckets[$0]) }
    }

    /// Adds `slot`, whose id (with these ``hashBits(_:)``) must not be in the index yet.
    mutating func insert(_ slot: Int32, hashBits: UInt32) {
        if (count + 1) * 2 > buckets.count { grow() }
        place(Self.bucket(slot, hashBits: hashBits))
        count += 1
    }

    /// Removes `slot`, whose id has these ``hashBits(_:)``, without reading the id.
    mutating func remove(_ slot: Int32, hashBits: UInt32) {
        guard !buckets.isEmpty else { return }
        let wanted = Self.bucket(slot, hashBits: hashBits)
        var position = home(UInt64(hashBits))
        while buckets[position] != Self.empty {
            if buckets[position] == wanted {
                remove(at: position)
                return
            }
            position = (position + 1) & (buckets.count - 1)
        }
    }

    private static func bucket(_ slot: Int32, hashBits: UInt32) -> Bucket {
        UInt64(hashBits) << 32 | UInt64(UInt32(bitPattern: slot))
    }

    /// Removes the slot holding `id` and returns it, or nil when there is none.
    mutating func remove(_ id: JobID, in slots: [MemoryStoreState.Slot]) -> Int32? {
        guard let position = position(of: id, in: slots) else { return nil }
        let removed = Self.slot(buckets[position])
        remove(at: position)
        return removed
    }

    /// Removes the entry at `position`.
    private mutating func remove(at position: Int) {
        var hole = position
        let mask = buckets.count - 1
        // Shift back every later entry of the run whose home is not between the hole and it.
        var next = (hole + 1) & mask
        while buckets[next] != Self.empty {
            let home = home(buckets[next] >> 32)
            let stays = hole <= next ? (hole < home && home <= next) : (hole < home || home <= next)
            if !stays {
                buckets[hole] = buckets[next]
                hole = next
            }
            next = (next + 1) & mask
        }
        buckets[hole] = Self.empty
        count -= 1
    }

    /// Where the entry for `id` is, or nil.
    private func position(of id: JobID, in slots: [MemoryStoreState.Slot]) -> Int? {
        guard !buckets.isEmpty else { return nil }
        let bits = UInt64(Self.hashBits(id))
        var position = home(bits)
        while true {
            let bucket = buckets[position]
            if bucket == Self.empty { return nil }
            if bucket >> 32 == bits, slots[Int(Self.slot(bucket))].job!.id == id { return position }
            position = (position + 1) & (buckets.count - 1)
        }
    }

    private mutating func place(_ bucket: Bucket) {
        var position = home(bucket >> 32)
        while buckets[position] != Self.empty { position = (position + 1) & (buckets.count - 1) }
        buckets[position] = bucket
    }

    private mutating func grow() {
        let old = buckets
        buckets = Array(repeating: Self.empty, count: max(16, old.count * 2))
        for bucket in old where bucket != Self.empty { place(bucket) }
    }
}
