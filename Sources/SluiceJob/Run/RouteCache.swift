import SluiceReader

/// The routes a worker looked up last, in a small direct-mapped table in front of
/// `WorkerRows.routes`: a night has a few dozen routes, and finding one here costs a short
/// hash of the event name and a byte comparison, where the dictionary's `RouteKey` costs a
/// full `Hasher` pass per stored row.
///
/// Names compare by their bytes, as `RouteKey` does. Not thread-safe: each worker owns one.
struct RouteCache: Sendable {
    /// Slots in the table: a power of two well above the routes of a typical night, so two
    /// busy routes rarely evict each other; a miss only costs the dictionary lookup.
    static let slotCount = 64

    private struct Entry: Sendable {
        let callType: SegmentCallType
        let eventName: String?
        let route: WorkerRoute?
    }

    private var entries = [Entry?](repeating: nil, count: RouteCache.slotCount)

    /// The route remembered for `callType` and `eventName`: nil when there is none, `.some(nil)`
    /// when the call type has no table.
    func route(_ callType: SegmentCallType, _ eventName: String?) -> WorkerRoute?? {
        guard let entry = entries[Self.slot(callType, eventName)], entry.callType == callType,
            Self.isSameName(entry.eventName, eventName)
        else { return nil }
        return .some(entry.route)
    }

    /// Remembers `route` for `callType` and `eventName`, evicting whatever shared its slot.
    mutating func remember(_ route: WorkerRoute?, _ callType: SegmentCallType, _ eventName: String?)
    {
        entries[Self.slot(callType, eventName)] = Entry(
            callType: callType, eventName: eventName, route: route)
    }

    private static func slot(_ callType: SegmentCallType, _ eventName: String?) -> Int {
        let seed = UInt64(callType.rawValue.utf8.count) &* 0x9E37_79B9_7F4A_7C15
        guard var name = eventName else { return Int(truncatingIfNeeded: seed) & (slotCount - 1) }
        let hash = name.withUTF8 { ShortHash.hash(UnsafeRawBufferPointer($0), seed: seed) }
        return Int(truncatingIfNeeded: hash) & (slotCount - 1)
    }

    private static func isSameName(_ a: String?, _ b: String?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (let a?, let b?): return ExactName(a) == ExactName(b)
        default: return false
        }
    }
}
