import SluiceJSON
import SluiceWarehouse

/// Flattens an object on a `JSONTape` into values exactly as `Worker.flatten` does for the
/// same object parsed as a tree (same keys, kinds, payloads and text, in the same order),
/// without building the tree: string and number text is read from the line, arrays and
/// deeper objects are written as compact JSON from the tape, and member names are interned
/// from their raw bytes.
///
/// Valid only while the line the tape was parsed from is. An object whose keys repeat is
/// built as a tree and flattened that way, so the tree's rule (last value, first position)
/// holds on both paths; the earlier values of a repeated key, which the tree drops, are
/// listed in `repeatedKeys` for the caller to report.
struct TapeFlattener {
    /// A member whose name a later member of the same object repeats (the same decoded
    /// bytes): its value is not loaded, the later one is.
    struct RepeatedKey {
        /// The key both members flatten to.
        let key: UInt32
        let value: JSONValue
    }

    let tape: JSONTape
    let line: UnsafeRawBufferPointer
    /// Decoded bytes of a member name that holds escapes.
    private var scratch: [UInt8] = []
    /// Values dropped because a later member repeated their name, in the order met.
    private(set) var repeatedKeys: [RepeatedKey] = []

    init(tape: JSONTape, line: UnsafeRawBufferPointer) {
        self.tape = tape
        self.line = line
    }

    mutating func flatten(
        _ object: Int, under parent: UInt32, depth: Int, keys: inout KeyTable,
        into store: inout ColumnBatch
    ) {
        if tape.hasDuplicateKeys(object), case .object(let tree) = tape.value(object, in: line) {
            noteRepeatedKeys(object, under: parent, depth: depth, keys: &keys)
            Worker.flatten(tree, under: parent, depth: depth, keys: &keys, into: &store)
            return
        }
        // Members walked by token index: the tape's member sequence would retain its storage
        // for every object.
        var name = object + 1
        var order = KeyTable.MemberOrder.start
        for _ in 0..<tape.memberCount(object) {
            let value = name + 1
            let key = self.key(name, under: parent, after: &order, keys: &keys)
            let kind = tape.kind(value)
            if kind == .object, depth < EventFlattener.defaultMaxDepth {
                flatten(value, under: key, depth: depth + 1, keys: &keys, into: &store)
            } else {
                append(value, kind: kind, key: key, to: &store)
            }
            // A scalar's subtree is itself, so the next member's name follows it.
            name = kind == .object || kind == .array ? tape.next(value) : value + 1
        }
    }

    /// Lists the members of `object` that a later member with the same decoded name replaces
    /// in the tree, and does the same below the members kept, down to the levels the tree's
    /// flattening reaches (deeper objects are stored whole as JSON, repeats included).
    mutating func noteRepeatedKeys(
        _ object: Int, under parent: UInt32, depth: Int, keys: inout KeyTable
    ) {
        let replaced = Set(tape.replacedMembers(object, in: line).map(\.value))
        for (name, value) in tape.members(object) {
            let isReplaced = replaced.contains(value)
            let goesDeeper = tape.kind(value) == .object && depth < EventFlattener.defaultMaxDepth
            guard isReplaced || goesDeeper else { continue }
            scratch.removeAll(keepingCapacity: true)
            tape.appendDecoded(name, in: line, to: &scratch)
            let key = scratch.withUnsafeBytes { keys.child(parent, bytes: $0) }
            if isReplaced {
                repeatedKeys.append(RepeatedKey(key: key, value: tape.value(value, in: line)))
            } else {
                noteRepeatedKeys(value, under: key, depth: depth + 1, keys: &keys)
            }
        }
    }

    /// The key of member name `name`, inlined into `flatten` so that the usual case (a name
    /// without escapes, found where the last event of its shape had it) costs no call.
    @inline(__always)
    private mutating func key(
        _ name: Int, under parent: UInt32, after order: inout KeyTable.MemberOrder,
        keys: inout KeyTable
    ) -> UInt32 {
        guard tape.hasEscapes(name) else {
            return keys.child(parent, bytes: tape.rawBytes(name, in: line), after: &order)
        }
        return decodedKey(name, under: parent, after: &order, keys: &keys)
    }

    /// `key` for a member name that holds escapes: decoded into `scratch` first.
    @inline(never)
    private mutating func decodedKey(
        _ name: Int, under parent: UInt32, after order: inout KeyTable.MemberOrder,
        keys: inout KeyTable
    ) -> UInt32 {
        scratch.removeAll(keepingCapacity: true)
        tape.appendDecoded(name, in: line, to: &scratch)
        return scratch.withUnsafeBytes { keys.child(parent, bytes: $0, after: &order) }
    }

    /// Appends `value`, whose kind is `kind`, as one value.
    private func append(
        _ value: Int, kind: JSONTape.Kind, key: UInt32, to store: inout ColumnBatch
    ) {
        switch kind {
        case .null:
            store.append(key: key, kind: .null, payload: 0)
        case .bool:
            store.append(key: key, kind: .bool, payload: tape.bool(value) ? 1 : 0)
        case .string where tape.hasEscapes(value):
            var text = store.takeScratch()
            tape.appendDecoded(value, in: line, to: &text)
            store.append(key: key, kind: .string, built: &text)
        case .string:
            store.append(key: key, kind: .string, payload: 0, text: tape.rawBytes(value, in: line))
        case .number:
            appendNumber(value, key: key, to: &store)
        case .array, .object:
            var text = store.takeScratch()
            tape.appendJSON(value, in: line, to: &text)
            store.append(key: key, kind: .structured, built: &text)
        }
    }

    private func appendNumber(_ value: Int, key: UInt32, to store: inout ColumnBatch) {
        let text = tape.numberText(value, in: line)
        if let integer = tape.int64(value) {
            store.append(key: key, kind: .integer, payload: integer, text: text)
            return
        }
        let double = tape.double(value, in: line)
        store.append(
            key: key, kind: .fraction, payload: Int64(bitPattern: double.bitPattern), text: text)
    }

    /// Appends `value` as one text cell, as `Worker.text(of:)` writes the same value parsed
    /// as a tree: strings decoded, numbers as written, booleans as `true` or `false`,
    /// containers as compact JSON, and nothing for `null`.
    func appendText(_ value: Int, key: UInt32, to store: inout ColumnBatch) {
        switch tape.kind(value) {
        case .null:
            return
        case .string where tape.hasEscapes(value):
            var text = store.takeScratch()
            tape.appendDecoded(value, in: line, to: &text)
            store.append(key: key, kind: .string, built: &text)
        case .string, .number:
            store.append(key: key, kind: .string, payload: 0, text: tape.rawBytes(value, in: line))
        case .bool:
            store.append(key: key, string: tape.bool(value) ? "true" : "false")
        case .array, .object:
            var text = store.takeScratch()
            tape.appendJSON(value, in: line, to: &text)
            store.append(key: key, kind: .string, built: &text)
        }
    }
}
