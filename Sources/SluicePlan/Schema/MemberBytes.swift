import SluiceJSON

/// The UTF-8 of a `MemberIndex`'s names, looked up by a key's bytes as a tape holds them, so
/// a member read from a tape is found without building its `String`.
///
/// A plain value over buffers that the `MemberIndex` which made it owns: it is valid while
/// that index lives, and copying or reading it retains nothing (the lookups run for most
/// keys of every event). Immutable after `init`, so it may be read from many threads at once.
struct MemberBytes: @unchecked Sendable {
    /// Every name's UTF-8, one after another.
    private let utf8: UnsafeMutableBufferPointer<UInt8>

    /// Where name i starts in `utf8`; one entry more holds where the last one ends.
    private let starts: UnsafeMutableBufferPointer<Int>

    /// `TapeProperties.lengthBit` of every name's length, or-ed: most keys looked up are
    /// not declared, and most of those are told apart by length alone.
    private let lengthBits: UInt64

    /// Open addressing over `JSONTape.keyHash(of:)` at under half load: name positions,
    /// `-1` for an empty slot, beside each name's hash, so that a key which only shares a
    /// slot is passed over without reading its bytes. Every index hashes: a tape's key
    /// carries its hash, so a lookup costs no more than the length check of a scan.
    private let slots: UnsafeMutableBufferPointer<Int32>
    private let slotHashes: UnsafeMutableBufferPointer<UInt64>
    private let slotMask: Int

    /// Allocates the buffers; the caller frees them with `deallocate()` when it is done.
    init(_ names: [String]) {
        let bytes = names.flatMap(\.utf8)
        utf8 = .allocate(capacity: max(bytes.count, 1))
        _ = utf8.initialize(from: bytes)
        starts = .allocate(capacity: names.count + 1)
        var offset = 0
        for (position, name) in names.enumerated() {
            starts[position] = offset
            offset += name.utf8.count
        }
        starts[names.count] = offset
        lengthBits = names.reduce(0) { $0 | TapeProperties.lengthBit($1.utf8.count) }

        let table = Self.slots(names)
        slots = .allocate(capacity: table.count)
        _ = slots.initialize(from: table.map(\.position))
        slotHashes = .allocate(capacity: table.count)
        _ = slotHashes.initialize(from: table.map(\.hash))
        slotMask = table.count - 1
    }

    /// Frees the buffers; no copy of this value may be used afterwards.
    func deallocate() {
        utf8.deallocate()
        starts.deallocate()
        slots.deallocate()
        slotHashes.deallocate()
    }

    /// The first position whose name is exactly `key`'s bytes, or `nil`.
    func position(of key: UnsafeRawBufferPointer) -> Int? {
        position(of: key, hash: JSONTape.keyHash(of: key))
    }

    /// `position(of:)` for a key whose `JSONTape.keyHash(of:)` is known, as a tape's key
    /// token holds it.
    @inline(__always)
    func position(of key: UnsafeRawBufferPointer, hash: UInt64) -> Int? {
        guard lengthBits & TapeProperties.lengthBit(key.count) != 0 else { return nil }
        var slot = Int(truncatingIfNeeded: hash) & slotMask
        while slots[slot] >= 0 {
            let position = Int(slots[slot])
            if slotHashes[slot] == hash && isName(position, key) { return position }
            slot = (slot + 1) & slotMask
        }
        return nil
    }

    @inline(__always)
    private func isName(_ position: Int, _ key: UnsafeRawBufferPointer) -> Bool {
        let start = starts[position]
        guard starts[position + 1] - start == key.count else { return false }
        guard key.count > 0 else { return true }
        let name = UnsafeRawBufferPointer(start: utf8.baseAddress! + start, count: key.count)
        return JSONTape.bytesEqual(name, key)
    }

    /// The table of `names` at under half load; a repeated name keeps its first position.
    private static func slots(_ names: [String]) -> [(position: Int32, hash: UInt64)] {
        var capacity = 2
        while capacity < names.count * 2 { capacity <<= 1 }
        var slots = [(position: Int32, hash: UInt64)](repeating: (-1, 0), count: capacity)
        var seen: Set<[UInt8]> = []
        for (position, name) in names.enumerated() where seen.insert(Array(name.utf8)).inserted {
            let hash = Array(name.utf8).withUnsafeBytes { JSONTape.keyHash(of: $0) }
            var slot = Int(truncatingIfNeeded: hash) & (capacity - 1)
            while slots[slot].position >= 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = (Int32(position), hash)
        }
        return slots
    }
}
