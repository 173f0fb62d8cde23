import Testing

@testable import SluiceJob

/// The inline comparison agrees with a byte-by-byte one at every length it handles itself and
/// past it, whichever byte differs.
@Suite struct ShortBytesTests {
    @Test(arguments: Array(0...(ShortBytes.inlineLimit + 9)))
    func agreesWithBytewiseComparison(count: Int) {
        let a = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        #expect(Self.equal(a, a))
        for position in 0..<count {
            var b = a
            b[position] ^= 0x40
            #expect(!Self.equal(a, b), "a change at byte \(position) of \(count) was missed")
        }
    }

    /// Compares copies at odd offsets, so no load is aligned.
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        let (left, right) = ([0x7F] + a, [0x7E, 0x7E, 0x7E] + b)
        return left.withUnsafeBytes { left in
            right.withUnsafeBytes { right in
                ShortBytes.equal(left.baseAddress! + 1, right.baseAddress! + 3, count: a.count)
            }
        }
    }
}
