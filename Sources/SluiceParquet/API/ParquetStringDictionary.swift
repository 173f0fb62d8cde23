/// An immutable list of UTF-8 byte strings that dictionary-backed `ParquetColumnBuffer`s
/// refer to by index, so a caller that interns strings hands the writer each distinct string
/// once instead of once per row.
///
/// Entries may repeat: the writer compares entries by their bytes, so two equal entries
/// become one value of a column chunk's dictionary. Entry i spans
/// `utf8[(i == 0 ? 0 : ends[i - 1])..<ends[i]]` and must be valid UTF-8 (JSON for `.json`
/// columns); the writer does not check. Immutable, so any number of threads may read it
/// while they encode columns that share it.
public final class ParquetStringDictionary: Sendable {
    /// Every entry's bytes, back to back.
    public let utf8: [UInt8]
    /// Each entry's end offset in `utf8`.
    public let ends: [Int]
    /// Bytes of the longest entry.
    public let maxEntryByteCount: Int

    /// Takes entries as concatenated bytes and end offsets. Offsets that decrease, or pass
    /// the end of `utf8`, or more than `UInt32.max` entries (indexes are `UInt32`) are a
    /// programming error and trap with the offending values.
    public init(utf8: [UInt8], ends: [Int]) {
        precondition(
            ends.count <= Int(UInt32.max),
            "A ParquetStringDictionary holds at most \(UInt32.max) entries, not \(ends.count)")
        var previous = 0
        var longest = 0
        for (index, end) in ends.enumerated() {
            precondition(
                end >= previous && end <= utf8.count,
                "ParquetStringDictionary entry \(index) ends at \(end), before the previous end \(previous) or past the \(utf8.count) bytes"
            )
            longest = max(longest, end - previous)
            previous = end
        }
        self.utf8 = utf8
        self.ends = ends
        maxEntryByteCount = longest
    }

    /// The strings' UTF-8, in order; convenient for tests and small dictionaries.
    public convenience init(_ strings: [String]) {
        var utf8: [UInt8] = []
        var ends: [Int] = []
        ends.reserveCapacity(strings.count)
        for string in strings {
            utf8.append(contentsOf: string.utf8)
            ends.append(utf8.count)
        }
        self.init(utf8: utf8, ends: ends)
    }

    public var count: Int { ends.count }

    /// The bytes of entry `index`, which must be below `count`.
    public subscript(index: Int) -> ArraySlice<UInt8> {
        utf8[(index == 0 ? 0 : ends[index - 1])..<ends[index]]
    }

    /// Calls `body` with the storage as raw memory, valid only during the call.
    func withUnsafeStorage<R>(
        _ body: (UnsafePointer<UInt8>, UnsafePointer<Int>) throws -> R
    ) rethrows -> R {
        // Arrays of a class constant never reallocate here; empty ones have a valid base too.
        try utf8.withUnsafeBufferPointer { bytes in
            try ends.withUnsafeBufferPointer { ends in
                try body(
                    bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!,
                    ends.baseAddress ?? UnsafePointer(bitPattern: 8)!)
            }
        }
    }
}
