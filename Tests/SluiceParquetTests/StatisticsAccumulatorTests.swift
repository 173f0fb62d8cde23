import Testing

@testable import SluiceParquet

/// Byte-array bounds follow unsigned byte-wise order whatever the values share.
@Suite struct StatisticsAccumulatorTests {
    /// Values sharing prefixes of every length around the 8- and 16-byte keys, with zero
    /// and 0xFF bytes, empty values and proper prefixes of one another.
    static func values(seed: UInt64, count: Int) -> [[UInt8]] {
        var random = SeededRandom(seed: seed)
        let stem = Array("https://shop.example/products/".utf8) + [0, 0xFF, 0x7F, 0x80]
        return (0..<count).map { _ in
            let shared = Int(random.next() % UInt64(stem.count + 1))
            let extra = Int(random.next() % 6)
            let tail = (0..<extra).map { _ in
                [0, 1, 0x7F, 0x80, 0xFE, 0xFF][Int(random.next() % 6)]
            }
            return Array(stem[..<shared]) + tail.map(UInt8.init)
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func boundsAreTheLexicographicExtremes(seed: UInt64) {
        let values = Self.values(seed: seed, count: 2_000)
        var statistics = StatisticsAccumulator(physicalType: .byteArray)
        for value in values { value.withUnsafeBytes { statistics.observe(bytes: $0) } }

        let bounds = statistics.footerBounds(truncateBytes: 0)
        #expect(bounds?.min == values.min { $0.lexicographicallyPrecedes($1) })
        #expect(bounds?.max == values.max { $0.lexicographicallyPrecedes($1) })
    }

    @Test func keysOrderPairsLikeTheirBytes() {
        let values = Self.values(seed: 9, count: 300)
        for left in values {
            for right in values {
                let expected = left.lexicographicallyPrecedes(right)
                let bound = right.withUnsafeBytes { ByteArrayBound($0, key: .init(of: $0)) }
                let isBefore = left.withUnsafeBytes { bound.isGreater(than: $0, .init(of: $0)) }
                #expect(isBefore == expected, "\(left) before \(right)")
            }
        }
    }
}
