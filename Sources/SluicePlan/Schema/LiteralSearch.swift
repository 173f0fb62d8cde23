/// A byte string searched for with Knuth, Morris and Pratt's algorithm: time linear in the
/// haystack's length whatever the needle, where comparing at every start takes the product of
/// both lengths (seconds for a 10 KB literal on a 1 MB value).
///
/// On UTF-8, byte-substring search equals scalar-substring search. Immutable; may be used
/// from many threads.
struct LiteralSearch: Sendable {
    let needle: [UInt8]
    /// For each prefix length `k` of `needle` (1 to count), the length of its longest proper
    /// prefix that is also its suffix: where a partial match of `k` bytes resumes.
    private let fallback: [Int]

    init<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        needle = Array(bytes)
        var fallback = [Int](repeating: 0, count: needle.count + 1)
        var matched = 0
        for index in needle.indices.dropFirst() {
            while matched > 0, needle[index] != needle[matched] { matched = fallback[matched] }
            if needle[index] == needle[matched] { matched += 1 }
            fallback[index + 1] = matched
        }
        self.fallback = fallback
    }

    /// Whether `needle` occurs in `haystack`; an empty needle occurs everywhere.
    func occurs(in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !needle.isEmpty else { return true }
        guard haystack.count >= needle.count else { return false }
        var matched = 0
        for byte in haystack {
            while matched > 0, byte != needle[matched] { matched = fallback[matched] }
            if byte == needle[matched] { matched += 1 }
            if matched == needle.count { return true }
        }
        return false
    }
}
