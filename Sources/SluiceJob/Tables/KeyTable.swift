import Foundation
import SluiceWarehouse

/// Interns source paths (dotted text) as small integer keys, per worker.
///
/// Children are interned by (parent key, member name bytes) in an open-addressing table, so
/// flattening an event finds each field's key with one hash of the name's raw bytes and
/// builds no `String`, except the first time a path is seen. Names that differ in bytes but
/// are canonically equivalent Unicode still share one key, as the dotted path text does.
/// Not thread-safe: each worker owns its table.
struct KeyTable {
    private struct Child {
        var parent: UInt32
        var nameStart: UInt32
        var nameLength: UInt32
        var id: UInt32
    }

    /// The table starts with this many slots and doubles at half full, so a probe is short.
    private static let initialSlotCount = 1 << 10

    private(set) var paths: [String] = []
    private var segments: [[String]] = []
    private var ids: [String: UInt32] = [:]
    private var children: [Child] = []
    private var names: [UInt8] = []
    /// Index into `children` plus one; zero marks an empty slot.
    private var slots = [UInt32](repeating: 0, count: KeyTable.initialSlotCount)
    /// Per parent key, where its block of `predictions` starts, or -1 before its first
    /// positioned lookup.
    private var predictionStart: [Int32] = []
    /// Blocks of `predictedPositions` entries: per member position, the index into
    /// `children` plus one of the child last found there.
    private var predictions: [UInt32] = []

    /// Member positions remembered per parent: events of one kind list their members in the
    /// same order, so the name at a position is usually the one seen there last time, and
    /// checking it costs one comparison instead of a hash and a probe.
    static let predictedPositions = 64

    /// The key of a top-level path given as dotted text.
    mutating func id(_ path: String) -> UInt32 {
        if let id = ids[path] { return id }
        return add(path: path, segments: SourcePath.segments(ofDotted: path))
    }

    /// The key of member `name` below the key `parent`.
    mutating func child(_ parent: UInt32, _ name: String) -> UInt32 {
        var name = name
        return name.withUTF8 { child(parent, bytes: UnsafeRawBufferPointer($0)) }
    }

    /// The key of the member whose name is the UTF-8 `bytes`, below the key `parent`.
    mutating func child(_ parent: UInt32, bytes: UnsafeRawBufferPointer) -> UInt32 {
        let (found, slot) = lookup(parent, bytes)
        if let found { return children[found].id }
        insert(parent, bytes, slot: slot)
        return children[children.count - 1].id
    }

    /// The key of the member whose name is the UTF-8 `bytes`, below the key `parent`, at
    /// member `position` of its object: checked first against the child last found at that
    /// position of `parent`, which events of one shape make the usual answer.
    @inline(__always)
    mutating func child(_ parent: UInt32, bytes: UnsafeRawBufferPointer, position: Int) -> UInt32 {
        guard position < Self.predictedPositions else { return child(parent, bytes: bytes) }
        let entry = predictionEntry(parent, position)
        let predicted = predictions[entry]
        if predicted != 0 {
            let child = children[Int(predicted) - 1]
            if Int(child.nameLength) == bytes.count,
                names.withUnsafeBytes({
                    ShortBytes.equal(
                        $0.baseAddress! + Int(child.nameStart), bytes.baseAddress,
                        count: bytes.count)
                })
            {
                return child.id
            }
        }
        let (found, slot) = lookup(parent, bytes)
        let index = found ?? insert(parent, bytes, slot: slot)
        predictions[entry] = UInt32(index + 1)
        return children[index].id
    }

    /// The index in `predictions` of `parent`'s entry for `position`, its block made on
    /// first use.
    @inline(__always)
    private mutating func predictionEntry(_ parent: UInt32, _ position: Int) -> Int {
        let key = Int(parent)
        if key < predictionStart.count, predictionStart[key] >= 0 {
            return Int(predictionStart[key]) + position
        }
        if key >= predictionStart.count {
            predictionStart += Array(repeating: -1, count: key + 1 - predictionStart.count)
        }
        predictionStart[key] = Int32(predictions.count)
        predictions += Array(repeating: 0, count: Self.predictedPositions)
        return Int(predictionStart[key]) + position
    }

    /// Probes for the child `bytes` of `parent`: its index in `children`, or nil and the
    /// free slot where it belongs. Reads the tables through buffer pointers, which check no
    /// bounds in release builds (every index is masked to the table or comes from it).
    private func lookup(_ parent: UInt32, _ bytes: UnsafeRawBufferPointer) -> (Int?, Int) {
        let hash = Self.hash(parent, bytes)
        return slots.withUnsafeBufferPointer { slots in
            children.withUnsafeBufferPointer { children in
                names.withUnsafeBytes { pool in
                    let mask = slots.count - 1
                    var slot = Int(truncatingIfNeeded: hash) & mask
                    while slots[slot] != 0 {
                        let index = Int(slots[slot] - 1)
                        let child = children[index]
                        if child.parent == parent, Int(child.nameLength) == bytes.count,
                            ShortBytes.equal(
                                pool.baseAddress! + Int(child.nameStart), bytes.baseAddress,
                                count: bytes.count)
                        {
                            return (index, slot)
                        }
                        slot = (slot + 1) & mask
                    }
                    return (nil, slot)
                }
            }
        }
    }

    /// Adds the child `bytes` of `parent` at the free `slot`; returns its index in
    /// `children`.
    @discardableResult
    private mutating func insert(
        _ parent: UInt32, _ bytes: UnsafeRawBufferPointer, slot: Int
    ) -> Int {
        let name = Self.canonical(String(decoding: bytes, as: UTF8.self), bytes)
        let childSegments = segments[Int(parent)] + [name]
        let path = SourcePath.dotted(childSegments)
        let id = ids[path] ?? add(path: path, segments: childSegments)
        let start = UInt32(names.count)
        names.append(contentsOf: bytes)
        children.append(
            Child(parent: parent, nameStart: start, nameLength: UInt32(bytes.count), id: id))
        slots[slot] = UInt32(children.count)
        if children.count * 2 > slots.count { rehash() }
        return children.count - 1
    }

    private mutating func rehash() {
        slots = [UInt32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (index, child) in children.enumerated() {
            let hash = names.withUnsafeBytes { pool in
                Self.hash(
                    child.parent,
                    UnsafeRawBufferPointer(
                        rebasing: pool[
                            Int(child.nameStart)..<Int(child.nameStart + child.nameLength)]))
            }
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = UInt32(index + 1)
        }
    }

    /// `name` in Unicode's canonical composition (NFC) when it holds non-ASCII bytes.
    /// Member names that differ only in spelling (`é` precomposed or not, `K` or the Kelvin
    /// sign) share one key, and the path recorded for it must not depend on which spelling a
    /// worker met first, or column source paths and names would vary with thread timing.
    private static func canonical(_ name: String, _ bytes: UnsafeRawBufferPointer) -> String {
        guard bytes.contains(where: { $0 >= 0x80 }) else { return name }
        return name.precomposedStringWithCanonicalMapping
    }

    private mutating func add(path: String, segments pathSegments: [String]) -> UInt32 {
        let id = UInt32(paths.count)
        paths.append(path)
        segments.append(pathSegments)
        ids[path] = id
        return id
    }

    /// A 64-bit mix of the parent key and the name bytes.
    @inline(__always)
    private static func hash(_ parent: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt64 {
        ShortHash.hash(bytes, seed: UInt64(parent) &* 0x9E37_79B9_7F4A_7C15)
    }
}
