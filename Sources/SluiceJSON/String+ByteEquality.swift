extension String {
    /// Equality of the UTF-8 bytes, unlike `==`, which treats canonically equivalent strings
    /// (`"\u{E9}"` and `"e\u{301}"`) as equal; JSON Schema and Segment compare code points.
    ///
    /// `==` runs first because it is a `memcmp` for native strings; the byte check then only
    /// runs on the rare match.
    public func isByteEqual(to other: String) -> Bool {
        guard utf8.count == other.utf8.count, self == other else { return false }
        let fast = utf8.withContiguousStorageIfAvailable { mine in
            other.utf8.withContiguousStorageIfAvailable { theirs in
                Self.wordsEqual(UnsafeRawBufferPointer(mine), UnsafeRawBufferPointer(theirs))
            }
        }
        return (fast ?? nil) ?? utf8.elementsEqual(other.utf8)
    }

    /// Compares two equally long buffers eight bytes at a time.
    private static func wordsEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool
    {
        var offset = 0
        while offset + 8 <= a.count {
            let left = a.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            guard left == b.loadUnaligned(fromByteOffset: offset, as: UInt64.self) else {
                return false
            }
            offset += 8
        }
        while offset < a.count {
            guard a[offset] == b[offset] else { return false }
            offset += 1
        }
        return true
    }
}

/// A string that compares and hashes by its UTF-8 bytes, for sets and dictionaries of JSON
/// member names: Swift's `String` would take canonically equivalent spellings for one key.
public struct ExactString: Hashable, Sendable {
    public let text: String

    public init(_ text: String) {
        self.text = text
    }

    public static func == (a: ExactString, b: ExactString) -> Bool {
        a.text.isByteEqual(to: b.text)
    }

    public func hash(into hasher: inout Hasher) {
        let hashed: Void? = text.utf8.withContiguousStorageIfAvailable {
            hasher.combine(bytes: UnsafeRawBufferPointer($0))
        }
        if hashed == nil {
            for byte in text.utf8 { hasher.combine(byte) }
        }
    }
}
