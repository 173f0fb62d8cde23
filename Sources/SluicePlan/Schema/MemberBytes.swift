import SluiceJSON

/// The UTF-8 of a `MemberIndex`'s names, looked up by a key's bytes as a tape holds them, so
/// a member read from a tape is found without building its `String`.
///
/// Immutable after `init`, so it may be read from many threads at once.
struct MemberBytes: Sendable {
    /// Every name's UTF-8, one after another.
    private let utf8: [UInt8]
    private let starts: [Int]
    private let lengths: [Int]

    /// `TapeProperties.lengthBit` of every name's length, or-ed: most keys looked up are
    /// not declared, and most of those are told apart by length alone.
    private let lengthBits: UInt64

    /// Open addressing over `hash(name)`: name positions, `-1` for an empty slot; empty
    /// when the names are few enough for a scan.
    private let slots: [Int32]

    /// Whether looking up bytes gives what `MemberIndex.position(of:)` gives for the same
    /// key as a `String`. False only when a hashed index holds two byte-distinct names that
    /// Swift's `String` equality calls equal (canonical equivalence), because its table
    /// then finds the first of them for either key.
    let agreesWithStrings: Bool

    init(_ names: [String], hashes: Bool) {
        var utf8: [UInt8] = []
        var starts: [Int] = []
        for name in names {
            starts.append(utf8.count)
            utf8.append(contentsOf: name.utf8)
        }
        (self.utf8, self.starts, lengths) = (utf8, starts, names.map(\.utf8.count))
        lengthBits = lengths.reduce(0) { $0 | TapeProperties.lengthBit($1) }

        let distinctBytes = Set(names.map { Array($0.utf8) }).count
        agreesWithStrings = !hashes || Set(names).count == distinctBytes
        slots = hashes ? Self.slots(names) : []
    }

    /// The first position whose name is exactly `key`'s bytes, or `nil`.
    func position(of key: UnsafeRawBufferPointer) -> Int? {
        position(of: key, hash: JSONTape.keyHash(of: key))
    }

    /// `position(of:)` for a key whose `JSONTape.keyHash(of:)` is known, as a tape's key
    /// token holds it.
    func position(of key: UnsafeRawBufferPointer, hash: UInt64) -> Int? {
        guard lengthBits & TapeProperties.lengthBit(key.count) != 0 else { return nil }
        guard !slots.isEmpty else {
            for position in lengths.indices where isName(position, key) { return position }
            return nil
        }

        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] >= 0 {
            let position = Int(slots[slot])
            if isName(position, key) { return position }
            slot = (slot + 1) & mask
        }
        return nil
    }

    private func isName(_ position: Int, _ key: UnsafeRawBufferPointer) -> Bool {
        guard lengths[position] == key.count else { return false }
        guard key.count > 0 else { return true }
        return utf8.withUnsafeBytes { names in
            let name = UnsafeRawBufferPointer(
                start: names.baseAddress! + starts[position], count: key.count)
            return JSONTape.bytesEqual(name, key)
        }
    }

    /// The table of `names` at under half load; a repeated name keeps its first position.
    private static func slots(_ names: [String]) -> [Int32] {
        var capacity = 1
        while capacity < names.count * 2 { capacity <<= 1 }
        var slots = [Int32](repeating: -1, count: capacity)
        var seen: Set<[UInt8]> = []
        for (position, name) in names.enumerated() where seen.insert(Array(name.utf8)).inserted {
            var slot = Array(name.utf8).withUnsafeBytes {
                Int(truncatingIfNeeded: JSONTape.keyHash(of: $0))
            }
            slot &= capacity - 1
            while slots[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = Int32(position)
        }
        return slots
    }
}
