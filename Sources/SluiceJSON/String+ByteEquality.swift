#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension String {
    /// Equality of the UTF-8 bytes, unlike `==`, which treats canonically equivalent strings
    /// (`"\u{E9}"` and `"e\u{301}"`) as equal; JSON Schema and Segment compare code points.
    /// One `memcmp` for native strings, whatever their contents (`==` normalises non-ASCII
    /// strings that differ).
    public func isByteEqual(to other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        var (mine, theirs) = (self, other)
        return mine.withUTF8 { mine in
            theirs.withUTF8 { theirs in
                mine.count == 0 || memcmp(mine.baseAddress!, theirs.baseAddress!, mine.count) == 0
            }
        }
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

    public static func == (a: ExactString, b: ExactString) -> Bool {
        a.text.isByteEqual(to: b.text)
    }

    public func hash(into hasher: inout Hasher) {
        var text = self.text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
