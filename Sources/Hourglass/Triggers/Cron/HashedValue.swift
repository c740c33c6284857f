/// Hashed values (`H`, as Jenkins and croniter write them): a value of a field picked by
/// a hash of the job id, so that many jobs written `H * * * *` spread over the hour.
///
/// The pick is exactly what SEMANTICS.md defines, so that other implementations can
/// reproduce it: `h` is the 64-bit FNV-1a hash of the UTF-8 bytes of `"<job id>:<field>"`;
/// `H` picks `lo + h mod span`, `H/n` and `H(a-b)/n` take the offset `h mod n` from `lo`
/// and step by `n`. `H` spans the field's range, except that day-of-week spans 0-6 and a
/// plain `H` in day-of-month spans 1-28.
package enum HashedValue {
    /// The 64-bit FNV-1a hash of `text`'s UTF-8 bytes.
    package static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// The hash `h` of one field of one job.
    package static func hash(jobID: String, field: String) -> UInt64 {
        fnv1a(jobID + ":" + field)
    }

    /// The values of `H`, `H(a-b)`, `H/n` or `H(a-b)/n` (`base` is the part before `/`).
    static func values(
        of base: CronToken, step: Int?, item: CronToken, in syntax: CronFieldSyntax, hashID: String?
    ) throws(TriggerError) -> [Int] {
        var (low, high) = syntax.nameKind == "weekday" ? (0, 6) : (syntax.lowest, syntax.highest)
        if step == nil, syntax.name == CronFieldSyntax.dayOfMonth.name { high = 28 }
        let rest = base.dropFirst(1)
        if !rest.text.isEmpty {
            (low, high) = try explicitRange(rest, item: item, in: syntax)
        }
        guard let hashID else {
            throw .invalid(
                syntax.name, String(item.text), at: item.position,
                "is a hashed value and needs a job id to hash; give the trigger a hash id "
                    + "(in the daemon the job's id, for hourglass next --hash-id ID)")
        }
        let hash = Self.hash(jobID: hashID, field: syntax.name)
        let span = UInt64(high - low + 1)
        guard let step else { return [low + Int(hash % span)] }
        guard step <= high - low + 1 else {
            throw .invalid(
                syntax.name, String(item.text), at: item.position,
                "has a step larger than its range \(low)-\(high), so some jobs would never run")
        }
        let offset = Int(hash % UInt64(step))
        return Array(stride(from: low + offset, through: high, by: step))
    }

    /// The `(a-b)` of `H(a-b)`, checked against the field's bounds.
    private static func explicitRange(_ text: CronToken, item: CronToken, in syntax: CronFieldSyntax)
        throws(TriggerError) -> (Int, Int)
    {
        guard text.text.first == "(", text.text.last == ")", text.text.count > 2 else {
            throw .invalid(
                syntax.name, String(item.text), at: item.position,
                "is not a hashed value: write H, H(a-b), H/n or H(a-b)/n")
        }
        let inner = CronToken(text: text.text.dropFirst().dropLast(), position: text.position + 1)
        let bounds = inner.split("-")
        guard bounds.count == 2 else {
            throw .invalid(syntax.name, String(item.text), at: item.position, "needs a range 'a-b' inside H(...)")
        }
        let low = try syntax.value(of: bounds[0])
        var high = try syntax.value(of: bounds[1])
        if syntax.nameKind == "weekday", syntax.highest == 7, high == 0, low > 0 { high = 7 }
        guard low <= high else {
            throw .invalid(
                syntax.name, String(inner.text), at: inner.position,
                "is a reversed range; H(a-b) needs a from low to high")
        }
        return (low, high)
    }
}
