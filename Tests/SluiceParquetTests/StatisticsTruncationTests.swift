import Testing

@testable import SluiceParquet

/// Shortened string bounds stay valid UTF-8 and still bound the value.
@Suite struct StatisticsTruncationTests {
    @Test(arguments: [
        ("short values stay whole", "abc", 3, "abc", true),
        ("a plain prefix", "abcdef", 3, "abc", false),
        ("never splits a character", "aé", 2, "a", false),
        ("may shrink to nothing", "日本", 2, "", false),
    ])
    func lowerBound(_ name: String, _ value: String, _ limit: Int, _ bound: String, _ exact: Bool) {
        let result = StatisticsTruncation.lowerBound(Array(value.utf8), limit: limit)
        #expect(result.bytes == Array(bound.utf8))
        #expect(result.isExact == exact)
    }

    @Test(arguments: [
        ("short values stay whole", "abc", 3, "abc", true),
        ("last character incremented", "abcdef", 3, "abd", false),
        ("increment may grow the encoding", "ab\u{7F}zz", 3, "ab\u{80}", false),
        ("skips the surrogate range", "\u{D7FF}x", 3, "\u{E000}", false),
        ("carries past the last scalar", "a\u{10FFFF}\u{10FFFF}", 5, "b", false),
        (
            "keeps the value when nothing can grow", "\u{10FFFF}\u{10FFFF}", 4,
            "\u{10FFFF}\u{10FFFF}", true
        ),
    ])
    func upperBound(_ name: String, _ value: String, _ limit: Int, _ bound: String, _ exact: Bool) {
        let result = StatisticsTruncation.upperBound(Array(value.utf8), limit: limit)
        #expect(result.bytes == Array(bound.utf8))
        #expect(result.isExact == exact)
        #expect(!Array(bound.utf8).lexicographicallyPrecedes(Array(value.utf8)))
    }
}
