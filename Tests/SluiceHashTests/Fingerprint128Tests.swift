import SluiceHash
import Testing

/// SMHasher's VerificationTest for MurmurHash3_x64_128: hash the keys {}, {0}, {0,1}, ...,
/// {0..254} with seed 256 - length, concatenate the 16-byte results, hash that with seed 0
/// and read the first four bytes little-endian. The published value is 0x6384BA69.
@Test func murmurMatchesSMHasherVerificationValue() {
    let key = (0..<256).map { UInt8($0) }
    var concatenated = [UInt8]()
    for length in 0..<256 {
        let hash = Fingerprint128.hash(Array(key[0..<length]), seed: UInt64(256 - length))
        concatenated += referenceBytes(hash)
    }

    let final = referenceBytes(Fingerprint128.hash(concatenated, seed: 0))
    let verification = final[0..<4].enumerated().reduce(UInt32(0)) {
        $0 | UInt32($1.element) << UInt32($1.offset * 8)
    }
    #expect(verification == 0x6384_BA69)
}

struct MurmurVector: Sendable, CustomTestStringConvertible {
    let text: String
    let seed: UInt64
    let hex: String
    var testDescription: String { "\(text.prefix(20)) seed \(seed)" }
}

/// `hex` is the reference output as the integer `h2 << 64 | h1`, as printed by Python's
/// `mmh3` package (5.3.1, a binding of the reference C code):
/// `"%032x" % mmh3.hash128(text, seed, signed=False)`.
let murmurVectors: [MurmurVector] = [
    MurmurVector(text: "", seed: 0, hex: "00000000000000000000000000000000"),
    MurmurVector(
        text: "The quick brown fox jumps over the lazy dog", seed: 0,
        hex: "7a433ca9c49a9347e34bbc7bbc071b6c"),
    MurmurVector(text: "a", seed: 0, hex: "e6b53a48510e895a85555565f6597889"),
    MurmurVector(text: "abcdefghijklmnop", seed: 0, hex: "4333d695b331eb1ac4ca3ca3224cb723"),
    MurmurVector(text: "abcdefghijklmnopq", seed: 42, hex: "0108aa140a7e9ebeb7da3a48ab3b5413"),
    MurmurVector(
        text: "ajs-0d2c5f3b-6a2b-4c1e-9a7f-1f1e2d3c4b5a", seed: 1_234_567,
        hex: "54e736657496f509cfd3589f0a1edc7e"),
]

@Test(arguments: murmurVectors)
func murmurMatchesPublishedVector(_ vector: MurmurVector) {
    #expect(Fingerprint128.hash(vector.text, seed: vector.seed).hex == vector.hex)
}

@Test func stringArrayAndPointerFormsAgree() {
    let text = "ajs-0d2c5f3b-6a2b-4c1e-9a7f-1f1e2d3c4b5a"
    let viaArray = Fingerprint128.hash(Array(text.utf8), seed: 7)
    #expect(Fingerprint128.hash(text, seed: 7) == viaArray)
    #expect(Array(text.utf8).withUnsafeBytes { Fingerprint128.hash($0, seed: 7) } == viaArray)
}

@Test func hash128OrdersByHighThenLow() {
    let small = Hash128(high: 1, low: .max)
    let large = Hash128(high: 2, low: 0)
    #expect(small < large)
    #expect(Hash128(high: 2, low: 1) > large)
    #expect(large.hex == "00000000000000020000000000000000")
}

/// The reference writes h1 then h2, each little-endian; `low` is h1, `high` is h2.
private func referenceBytes(_ hash: Hash128) -> [UInt8] {
    (0..<16).map { index in
        let word = index < 8 ? hash.low : hash.high
        return UInt8(truncatingIfNeeded: word >> UInt64((index % 8) * 8))
    }
}
