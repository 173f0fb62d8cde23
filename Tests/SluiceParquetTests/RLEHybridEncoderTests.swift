import Testing

@testable import SluiceParquet

/// Pins small encodings byte for byte and round-trips larger inputs through a reference
/// decoder written from Encodings.md.
@Suite struct RLEHybridEncoderTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var bitWidth: Int
        var values: [UInt32]
        var bytes: [UInt8]
    }

    static let pinned: [Case] = [
        Case(
            testDescription: "eight ones are one repeated run", bitWidth: 1,
            values: Array(repeating: 1, count: 8), bytes: [0x10, 0x01]),
        Case(
            testDescription: "alternating bits are one packed group", bitWidth: 1,
            values: [1, 0, 1, 0, 1, 0, 1, 0], bytes: [0x03, 0x55]),
        Case(
            testDescription: "a short tail is zero padded", bitWidth: 2, values: [1, 2, 3],
            bytes: [0x03, 0x39, 0x00]),
        Case(
            testDescription: "a long run has a varint count", bitWidth: 3,
            values: Array(repeating: 0, count: 100), bytes: [0xC8, 0x01, 0x00]),
        Case(
            testDescription: "wide values take two bytes in a run", bitWidth: 9,
            values: Array(repeating: 300, count: 9), bytes: [0x12, 0x2C, 0x01]),
        Case(testDescription: "empty input encodes to nothing", bitWidth: 1, values: [], bytes: []),
    ]

    @Test(arguments: pinned)
    func encodesExactly(_ testCase: Case) {
        #expect(Self.encode(testCase.values, bitWidth: testCase.bitWidth) == testCase.bytes)
    }

    static let shapes: [(String, Int, [UInt32])] = [
        ("runs after a packed prefix", 1, [0, 1, 1] + Array(repeating: 1, count: 40) + [0, 0]),
        ("long packed stretch past 63 groups", 4, (0..<1_000).map { UInt32($0 * 7 % 16) }),
        ("runs and noise mixed", 7, (0..<5_000).map { $0 % 100 < 60 ? 5 : UInt32($0 % 128) }),
        ("full 20-bit range", 20, (0..<777).map { UInt32($0 * 2_654_435_761 % 1_048_576) }),
        ("run that ends inside a group", 2, Array(repeating: 3, count: 12) + [1, 2, 0]),
    ]

    @Test(arguments: shapes)
    func roundTrips(_ name: String, _ bitWidth: Int, _ values: [UInt32]) {
        let bytes = Self.encode(values, bitWidth: bitWidth)
        #expect(Self.decode(bytes, bitWidth: bitWidth, count: values.count) == values)
    }

    @Test func appendRepeatingMatchesAppendingOneByOne() {
        var bulk = RLEHybridEncoder()
        bulk.reset(bitWidth: 1)
        for (value, count) in [(1, 3), (0, 20), (1, 1), (1, 9), (0, 5), (1, 100)] {
            bulk.append(UInt32(value), repeating: count)
        }
        bulk.finish()

        var single = RLEHybridEncoder()
        single.reset(bitWidth: 1)
        for (value, count) in [(1, 3), (0, 20), (1, 1), (1, 9), (0, 5), (1, 100)] {
            for _ in 0..<count { single.append(UInt32(value)) }
        }
        single.finish()
        #expect(bulk.bytes == single.bytes)
    }

    /// Inputs whose groups start at every offset, after runs, inside runs and at the end.
    static let bulkShapes: [(String, Int, [UInt32])] = [
        ("levels with short null runs", 1, (0..<1_003).map { $0 % 7 == 3 || $0 % 11 == 0 ? 0 : 1 }),
        ("levels with long runs", 1, (0..<5_000).map { ($0 / 997) % 2 == 0 ? 1 : 0 }),
        (
            "ids with runs between noise", 9,
            (0..<4_321).map { $0 % 50 < 20 ? 300 : UInt32($0 % 500) }
        ),
        (
            "a run of exactly eight then noise", 3,
            Array(repeating: 5, count: 8) + [1, 2, 3, 4, 5, 6]
        ),
        ("runs that end a value short of a group", 4, (0..<400).map { UInt32($0 / 15 % 3) }),
        ("wide ids", 32, (0..<100).map { UInt32.max - UInt32($0 % 9) }),
        ("more than 63 packed groups", 5, (0..<2_000).map { UInt32($0 * 13 % 32) }),
    ]

    @Test(arguments: bulkShapes)
    func bulkAppendMatchesOneByOne(_ name: String, _ bitWidth: Int, _ values: [UInt32]) {
        let expected = Self.encode(values, bitWidth: bitWidth)
        // Split the input at several places so bulk calls start in every encoder state.
        for split in [0, 1, 5, 8, 13, values.count / 2, values.count] where split <= values.count {
            var encoder = RLEHybridEncoder()
            encoder.reset(bitWidth: bitWidth)
            values[..<split].withUnsafeBufferPointer { encoder.append(contentsOf: $0) }
            values[split...].withUnsafeBufferPointer { encoder.append(contentsOf: $0) }
            encoder.finish()
            #expect(encoder.bytes == expected, "split at \(split)")
        }
        if bitWidth <= 8 {
            let bytes = values.map { UInt8($0) }
            var encoder = RLEHybridEncoder()
            encoder.reset(bitWidth: bitWidth)
            bytes.withUnsafeBufferPointer { encoder.append(contentsOf: $0) }
            encoder.finish()
            #expect(encoder.bytes == expected, "as bytes")
        }
    }

    @Test func encodingStartsWhereTheOutputEnded() {
        let output = ByteBuffer()
        output.append([0xAA, 0xBB])
        var encoder = RLEHybridEncoder(output: output)
        encoder.reset(bitWidth: 1)
        for value: UInt32 in [1, 0, 1, 0, 1, 0, 1, 0] { encoder.append(value) }
        encoder.finish()
        #expect(encoder.encodedByteCount == 2)
        #expect(Array(output.bytes) == [0xAA, 0xBB, 0x03, 0x55])
    }

    static func encode(_ values: [UInt32], bitWidth: Int) -> [UInt8] {
        var encoder = RLEHybridEncoder()
        encoder.reset(bitWidth: bitWidth)
        for value in values { encoder.append(value) }
        encoder.finish()
        return encoder.bytes
    }

    /// A straightforward decoder of the hybrid, independent of the encoder's structure.
    static func decode(_ bytes: [UInt8], bitWidth: Int, count: Int) -> [UInt32] {
        var output: [UInt32] = []
        var position = 0
        func varint() -> Int {
            var result = 0
            var shift = 0
            while true {
                let byte = bytes[position]
                position += 1
                result |= Int(byte & 0x7F) << shift
                if byte < 0x80 { return result }
                shift += 7
            }
        }
        while output.count < count {
            let header = varint()
            if header & 1 == 0 {
                var value: UInt32 = 0
                for index in 0..<(bitWidth + 7) / 8 {
                    value |= UInt32(bytes[position + index]) << (8 * index)
                }
                position += (bitWidth + 7) / 8
                output += Array(repeating: value, count: header >> 1)
            } else {
                let valueCount = (header >> 1) * 8
                for index in 0..<valueCount {
                    var value: UInt32 = 0
                    for bit in 0..<bitWidth {
                        let absolute = index * bitWidth + bit
                        let byte = bytes[position + absolute / 8]
                        if byte >> (absolute % 8) & 1 == 1 { value |= 1 << bit }
                    }
                    output.append(value)
                }
                position += (header >> 1) * bitWidth
            }
        }
        #expect(position == bytes.count, "trailing bytes after \(count) values")
        return Array(output.prefix(count))
    }
}
