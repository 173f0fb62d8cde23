#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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

/// A string that compares and hashes by its UTF-8 bytes, for sets and dictionaries keyed by
/// member or event names: Swift's `String` takes canonically equivalent spellings (`É` as one
/// scalar and `E` followed by U+0301) for one key, but JSON and a tracking plan tell them
/// apart, and a cache keyed by `String` would fold them into whichever came first.
public struct ExactString: Hashable, Sendable {
    public let text: String

    public init(_ text: String) {
        self.text = text
    }

    /// One pass over the bytes: routing a stored row looks a name up once per event, and the
    /// generic `elementsEqual` over two `UTF8View`s walks them a byte at a time.
    public static func == (a: ExactString, b: ExactString) -> Bool {
        var (a, b) = (a.text, b.text)
        return a.withUTF8 { a in
            b.withUTF8 { b in
                a.count == b.count
                    && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
            }
        }
    }

    public func hash(into hasher: inout Hasher) {
        var text = self.text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
