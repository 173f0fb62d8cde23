import SluiceJSON

/// The rules of one kind of named call (track events, pages or screens) found by the bytes
/// of the event's name, built once per plan: a lookup hashes the name's UTF-8 with the
/// tape's key hash instead of running Swift's `String` hashing and comparison.
///
/// Gives exactly what a `[String: [PlanRule]]` lookup followed by a byte comparison with the
/// first rule's name gives (`TrackingPlan.exactRules`): the table holds each entry under the
/// bytes of its first rule's name, and a `String` key equal to a name byte for byte is also
/// equal to it as a `String`. Immutable, so it may be read from many threads at once.
///
/// A class so that a lookup retains one reference instead of each of its four arrays (the
/// closure over the name's bytes captured them all, at about 160 instructions an event).
final class EventRuleIndex: Sendable {
    private let utf8: [UInt8]
    private let starts: [Int]
    private let entries: [[PlanRule]]

    /// Open addressing over `JSONTape.keyHash(of:)` at under half load: entry positions,
    /// `-1` for an empty slot.
    private let slots: [Int32]

    init(_ table: [String: [PlanRule]]) {
        var utf8: [UInt8] = []
        var starts: [Int] = []
        var entries: [[PlanRule]] = []
        for rules in table.values {
            guard let name = rules.first?.kind.eventName else { continue }
            starts.append(utf8.count)
            utf8 += name.utf8
            entries.append(rules)
        }
        starts.append(utf8.count)
        (self.utf8, self.starts, self.entries) = (utf8, starts, entries)

        var capacity = 1
        while capacity < entries.count * 2 { capacity <<= 1 }
        var slots = [Int32](repeating: -1, count: capacity)
        for position in entries.indices {
            var slot = Self.slot(utf8, starts[position]..<starts[position + 1], capacity)
            while slots[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = Int32(position)
        }
        self.slots = slots
    }

    /// The rules whose name is exactly `name`'s UTF-8, or `nil`.
    func rules(named name: String) -> [PlanRule]? {
        guard !entries.isEmpty else { return nil }
        return JSONTape.withUTF8(name) { key in
            utf8.withUnsafeBytes { names in
                let mask = slots.count - 1
                var slot = Int(truncatingIfNeeded: JSONTape.keyHash(of: key)) & mask
                while slots[slot] >= 0 {
                    let position = Int(slots[slot])
                    let (start, end) = (starts[position], starts[position + 1])
                    let stored = UnsafeRawBufferPointer(rebasing: names[start..<end])
                    if JSONTape.bytesEqual(stored, key) { return entries[position] }
                    slot = (slot + 1) & mask
                }
                return nil
            }
        }
    }

    private static func slot(_ utf8: [UInt8], _ range: Range<Int>, _ capacity: Int) -> Int {
        utf8.withUnsafeBytes { names in
            let hash = JSONTape.keyHash(of: UnsafeRawBufferPointer(rebasing: names[range]))
            return Int(truncatingIfNeeded: hash) & (capacity - 1)
        }
    }
}
