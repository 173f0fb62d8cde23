import SluiceHash
import Testing

/// `Fingerprint64` keeps apart what fingerprints must keep apart, and spots non-ASCII bytes
/// wherever they are.
@Suite struct Fingerprint64Tests {
    static func hash(_ bytes: [UInt8], tag: UInt64 = 0) -> (hash: UInt64, isASCII: Bool) {
        bytes.withUnsafeBytes { Fingerprint64.hash($0, tag: tag) }
    }

    /// Every length from 0 to 40 (both sides of the 4-, 8- and 16-byte paths), a non-ASCII
    /// byte at every position.
    @Test(arguments: 0...40)
    func spotsNonASCIIAtEveryPosition(length: Int) {
        let ascii = (0..<length).map { UInt8(ascii: "a") + UInt8($0 % 26) }
        #expect(Self.hash(ascii).isASCII)
        for position in 0..<length {
            var bytes = ascii
            bytes[position] = 0xC3
            #expect(!Self.hash(bytes).isASCII, "byte \(position)")
        }
    }

    /// Prefixes of one text, the same with trailing zero bytes, and under other tags: inputs
    /// that share most of their bytes, where a weak mix would collide first.
    @Test func keepsRelatedInputsApart() {
        let text = Array("https://shoes.example.com/p/strider-8?ref=abc&size=41".utf8)
        var seen: [UInt64: String] = [:]
        for length in 0...text.count {
            for zeros in 0..<3 {
                for tag: UInt64 in [0, 1, 2, 1 << 8, 2 | 5 << 8] {
                    let input = Array(text[0..<length]) + Array(repeating: 0, count: zeros)
                    let name = "\(length)+\(zeros) tag \(tag)"
                    let hash = Self.hash(input, tag: tag).hash
                    #expect(seen[hash] == nil, "\(name) collides with \(seen[hash] ?? "")")
                    seen[hash] = name
                }
            }
        }
    }

    @Test func differsForEveryOneBitChangeOfShortInputs() {
        var seen = Set<UInt64>()
        for length in 1...16 {
            let base = [UInt8](repeating: 0x41, count: length)
            seen.insert(Self.hash(base).hash)
            for bit in 0..<(length * 8) {
                var bytes = base
                bytes[bit / 8] ^= 1 << UInt8(bit % 8)
                #expect(seen.insert(Self.hash(bytes).hash).inserted, "length \(length) bit \(bit)")
            }
        }
    }

    @Test func combinesInOrder() {
        #expect(Fingerprint64.combine(1, 2) != Fingerprint64.combine(2, 1))
        #expect(Fingerprint64.combine(0, 0) != Fingerprint64.combine(0, 1))
    }
}
