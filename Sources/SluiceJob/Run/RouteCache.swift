import SluiceReader

/// Every route a worker has worked out, in a small open-addressing table: a night has a few
/// dozen routes, and finding one here costs a short hash of the event name and a byte
/// comparison, where a `Dictionary` would cost a full `Hasher` pass per stored row. The
/// table keeps every route it is given and doubles at half full, so after a route's first
/// event every lookup of it hits.
///
/// Names compare by their bytes, as `ExactString` does: canonically equivalent spellings are
/// different routes, as they are different events to the plan. Not thread-safe: each worker
/// owns one.
struct RouteCache: Sendable {
    /// Slots the table starts with: a power of two above the routes of a typical night.
    static let initialSlotCount = 64

    private struct Entry: Sendable {
        let hash: UInt64
        let callType: SegmentCallType
        let eventName: String?
        let route: WorkerRoute?
    }

    private var entries = [Entry?](repeating: nil, count: RouteCache.initialSlotCount)
    private var count = 0

    /// The route remembered for `callType` and `eventName`: nil when there is none, `.some(nil)`
    /// when the call type has no table.
    func route(_ callType: SegmentCallType, _ eventName: String?) -> WorkerRoute?? {
        let hash = Self.hash(callType, eventName)
        return entries.withUnsafeBufferPointer { entries in
            let mask = entries.count - 1
            var slot = Int(truncatingIfNeeded: hash) & mask
            while let entry = entries[slot] {
                if entry.hash == hash, entry.callType == callType,
                    Self.isSameName(entry.eventName, eventName)
                {
                    return .some(entry.route)
                }
                slot = (slot + 1) & mask
            }
            return nil
        }
    }

    /// Remembers `route` for `callType` and `eventName`, replacing what was remembered for
    /// them before.
    mutating func remember(_ route: WorkerRoute?, _ callType: SegmentCallType, _ eventName: String?)
    {
        let entry = Entry(
            hash: Self.hash(callType, eventName), callType: callType, eventName: eventName,
            route: route)
        if place(entry) { count += 1 }
        guard count * 2 > entries.count else { return }

        let old = entries
        entries = [Entry?](repeating: nil, count: old.count * 2)
        for case let entry? in old { place(entry) }
    }

    /// Puts `entry` in its slot; says whether it took a free one rather than replacing.
    @discardableResult
    private mutating func place(_ entry: Entry) -> Bool {
        let mask = entries.count - 1
        var slot = Int(truncatingIfNeeded: entry.hash) & mask
        while let held = entries[slot] {
            if held.hash == entry.hash, held.callType == entry.callType,
                Self.isSameName(held.eventName, entry.eventName)
            {
                entries[slot] = entry
                return false
            }
            slot = (slot + 1) & mask
        }
        entries[slot] = entry
        return true
    }

    private static func hash(_ callType: SegmentCallType, _ eventName: String?) -> UInt64 {
        let seed = UInt64(callType.rawValue.utf8.count) &* 0x9E37_79B9_7F4A_7C15
        guard let name = eventName else { return seed }
        return withUTF8(of: name) { ShortHash.hash($0, seed: seed) }
    }

    private static func isSameName(_ a: String?, _ b: String?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (let a?, let b?):
            return withUTF8(of: a) { a in
                withUTF8(of: b) { b in
                    a.count == b.count
                        && ShortBytes.equal(a.baseAddress, b.baseAddress, count: a.count)
                }
            }
        default: return false
        }
    }

    /// Calls `body` with the UTF-8 of `text`, read in place when it is stored contiguously,
    /// so that a lookup copies (and retains) no string.
    private static func withUTF8<Result>(
        of text: String, _ body: (UnsafeRawBufferPointer) -> Result
    ) -> Result {
        if let result = text.utf8.withContiguousStorageIfAvailable({
            body(UnsafeRawBufferPointer($0))
        }) {
            return result
        }
        var copy = text
        return copy.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }
}
