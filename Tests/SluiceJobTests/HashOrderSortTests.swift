import SluiceHash
import Testing

@testable import SluiceJob

@Suite struct HashOrderSortTests {
    /// A value keyed by a hash, with a tie-breaker, as the dedupe sorts them.
    struct Keyed: Equatable {
        var key: Hash128
        var rank: Int

        static func before(_ a: Keyed, _ b: Keyed) -> Bool {
            (a.key, a.rank) < (b.key, b.rank)
        }
    }

    /// A seeded xorshift generator, so every case is the same on every run.
    struct Numbers {
        var state: UInt64

        mutating func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var count: Int
        /// How many distinct keys the values share (fewer than `count` gives ties).
        var distinctKeys: Int
        /// Keys with the same top 32 bits, so every value lands in one bucket.
        var sameTopBits: Bool = false
        var testDescription: String { name }
    }

    @Test(arguments: [
        Case(name: "empty", count: 0, distinctKeys: 1),
        Case(name: "under the bucketing threshold", count: 63, distinctKeys: 63),
        Case(name: "at the threshold", count: 64, distinctKeys: 64),
        Case(name: "many values, all keys distinct", count: 100_000, distinctKeys: 100_000),
        Case(name: "many values, keys repeated", count: 50_000, distinctKeys: 700),
        Case(name: "one key for all", count: 5_000, distinctKeys: 1),
        Case(name: "one bucket for all", count: 5_000, distinctKeys: 5_000, sameTopBits: true),
    ])
    func sortsLikeAComparisonSort(_ test: Case) {
        var numbers = Numbers(state: 0x9E37_79B9_7F4A_7C15 ^ UInt64(test.count))
        let keys = (0..<test.distinctKeys).map { _ in
            let high =
                test.sameTopBits ? 0xABCD_EF01_0000_0000 | (numbers.next() >> 32) : numbers.next()
            return Hash128(high: high, low: numbers.next())
        }
        let values = (0..<test.count).map { index in
            Keyed(key: keys[Int(numbers.next() % UInt64(keys.count))], rank: index * 7 % 1000)
        }

        var bucketed = values
        HashOrderSort.sort(&bucketed, key: \.key, by: Keyed.before)

        #expect(bucketed == values.sorted(by: Keyed.before))

        // The same values cut into parts of uneven sizes, one of them empty, sort alike.
        let cuts = [0, test.count / 7, test.count / 7, test.count / 2, test.count]
        let parts = (0..<4).map { Array(values[cuts[$0]..<cuts[$0 + 1]]) }
        #expect(HashOrderSort.sorted(parts, key: \.key, by: Keyed.before) == bucketed)
    }

    @Test(arguments: [(1, 1), (8, 1), (9, 1), (18, 2), (1_000, 7), (1 << 20, 16), (1 << 30, 16)])
    func bucketBitsAimAtAFewValuesABucket(count: Int, bits: Int) {
        #expect(HashOrderSort.bucketBits(for: count) == bits)
    }
}
