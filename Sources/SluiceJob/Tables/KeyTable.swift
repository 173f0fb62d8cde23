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
    /// The member orders `child(_:bytes:after:)` predicts from and learns, sized to every
    /// key and child; `usePredictions(_:)` exchanges them.
    private var predictions = MemberPredictions()

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

    /// The key of the member whose name is the UTF-8 `bytes`, below the key `parent`, checked
    /// first against the member that followed `previous` last time (or, for an object's first
    /// member, the first member last seen under `parent`): events of one shape list their
    /// members in the same order, so that is the usual answer, and a member that is missing or
    /// added costs one miss rather than shifting every later one.
    ///
    /// `previous` is `MemberOrder.start` for an object's first member; on return it names the
    /// member just found, for the next member of the same object. The prediction is read
    /// without bounds checks: `parent` must be a key this table gave, and `previous` advanced
    /// by this table.
    @inline(__always)
    mutating func child(
        _ parent: UInt32, bytes: UnsafeRawBufferPointer, after previous: inout MemberOrder
    ) -> UInt32 {
        let predicted =
            previous.child == 0
            ? predictions.firstChild.withUnsafeBufferPointer { $0[Int(parent)] }
            : predictions.nextSibling.withUnsafeBufferPointer { $0[Int(previous.child) - 1] }
        if predicted != 0 {
            let child = children.withUnsafeBufferPointer { $0[Int(predicted) - 1] }
            if Int(child.nameLength) == bytes.count,
                names.withUnsafeBytes({
                    ShortBytes.equal(
                        $0.baseAddress! + Int(child.nameStart), bytes.baseAddress,
                        count: bytes.count)
                })
            {
                previous.child = predicted
                return child.id
            }
        }
        return findChild(parent, bytes, after: &previous)
    }

    /// `child(_:bytes:after:)` past a wrong prediction: probes for the child, adds it if new,
    /// and records it as the prediction it should have been.
    private mutating func findChild(
        _ parent: UInt32, _ bytes: UnsafeRawBufferPointer, after previous: inout MemberOrder
    ) -> UInt32 {
        let (found, slot) = lookup(parent, bytes)
        let index = found ?? insert(parent, bytes, slot: slot)
        let entry = UInt32(index + 1)
        if previous.child == 0 {
            predictions.firstChild[Int(parent)] = entry
        } else {
            predictions.nextSibling[Int(previous.child) - 1] = entry
        }
        previous.child = entry
        return children[index].id
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
        predictions.nextSibling.append(0)
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
        predictions.firstChild.append(0)
        ids[path] = id
        return id
    }

    /// A 64-bit mix of the parent key and the name bytes.
    @inline(__always)
    private static func hash(_ parent: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt64 {
        ShortHash.hash(bytes, seed: UInt64(parent) &* 0x9E37_79B9_7F4A_7C15)
    }
}

extension KeyTable {
    /// The member orders last seen: per key, the child found first in an object under it,
    /// and per child, the child found right after it. Objects of one shape repeat their
    /// order, but objects of different shapes (the `properties` of different events) may
    /// share a member and follow it differently, so each such family keeps its own set.
    /// Only meaningful to the table that filled it.
    struct MemberPredictions {
        /// Per key, the index into `children` plus one; zero for none yet.
        fileprivate var firstChild: [UInt32] = []
        /// Per child, the index into `children` plus one; zero for none yet.
        fileprivate var nextSibling: [UInt32] = []
    }

    /// Makes `other` the predictions `child(_:bytes:after:)` reads and learns, and leaves
    /// the ones it replaces in `other`. Predictions made before later keys were added are
    /// extended with empty ones, so they may be kept aside for any length of time.
    mutating func usePredictions(_ other: inout MemberPredictions) {
        swap(&predictions, &other)
        if predictions.firstChild.count < paths.count {
            predictions.firstChild.append(
                contentsOf: repeatElement(0, count: paths.count - predictions.firstChild.count))
        }
        if predictions.nextSibling.count < children.count {
            predictions.nextSibling.append(
                contentsOf: repeatElement(0, count: children.count - predictions.nextSibling.count))
        }
    }
}

extension KeyTable {
    /// Where `child(_:bytes:after:)` stands in one object's members: before the first, or
    /// after the member it found last. Starts at `start` for each object, and is only
    /// meaningful to the table that advanced it.
    struct MemberOrder {
        /// The index into `children` plus one of the member found last; 0 before the first.
        fileprivate var child: UInt32 = 0

        static var start: MemberOrder { MemberOrder() }
    }
}
