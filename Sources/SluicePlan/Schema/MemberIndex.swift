import SluiceJSON

/// A set of member names looked up many times per event: a linear scan over the names for
/// short lists (no hashing), a hash table for long ones.
///
/// Comparison is by UTF-8 bytes, so canonically equivalent but differently encoded names
/// stay distinct, as JSON Schema requires.
///
/// A class so that handing an index around retains one reference instead of its seven
/// arrays; immutable after `init`, so it may be read from many threads at once.
final class MemberIndex: Sendable {
    /// Up to this many names a byte-length check plus compare beats hashing the key.
    static let linearScanLimit = 12

    let names: [String]
    private let lengths: [Int]
    private let table: [ExactString: Int]

    /// The names' UTF-8, for keys read straight from a tape (`position(ofKey:tape:in:)`);
    /// its buffers belong to this index and are freed with it.
    let bytes: MemberBytes

    init(_ names: [String]) {
        self.names = names
        lengths = names.map(\.utf8.count)
        var table: [ExactString: Int] = [:]
        if names.count > Self.linearScanLimit {
            for (position, name) in names.enumerated() where table[ExactString(name)] == nil {
                table[ExactString(name)] = position
            }
        }
        self.table = table
        bytes = MemberBytes(names)
    }

    deinit { bytes.deallocate() }

    /// The position of `key` in `names`, or `nil`.
    func position(of key: String) -> Int? {
        if names.count > Self.linearScanLimit {
            return table[ExactString(key)]
        }

        let length = key.utf8.count
        for position in lengths.indices where isExact(position, key, length) {
            return position
        }
        return nil
    }

    private func isExact(_ position: Int, _ key: String, _ length: Int) -> Bool {
        lengths[position] == length && names[position].isByteEqual(to: key)
    }

    func contains(_ key: String) -> Bool { position(of: key) != nil }
}
