import Testing

@testable import SluiceJob

/// The inline comparison agrees with a byte-by-byte one at every length it handles itself and
/// past it, whichever byte differs; the inline copy moves exactly the bytes asked for.
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

    /// The copy writes exactly the source's bytes, at an odd offset, and not one byte
    /// before or after them.
    @Test(arguments: Array(0...(ShortBytes.inlineLimit + 9)))
    func copiesExactlyTheBytes(count: Int) {
        let source = [0x7F] + (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        var target = [UInt8](repeating: 0xEE, count: count + 6)
        source.withUnsafeBytes { from in
            target.withUnsafeMutableBytes { to in
                ShortBytes.copy(to: to.baseAddress! + 3, from: from.baseAddress! + 1, count: count)
            }
        }
        #expect(Array(target[3..<(3 + count)]) == Array(source[1...]))
        #expect(target[..<3].allSatisfy { $0 == 0xEE }, "a byte before the copy was written")
        #expect(target[(3 + count)...].allSatisfy { $0 == 0xEE }, "a byte past it was written")
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
