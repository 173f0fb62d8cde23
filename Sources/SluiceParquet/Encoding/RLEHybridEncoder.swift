// Encodings.md "Run Length Encoding / Bit-Packing Hybrid (RLE = 3)": a sequence of runs,
// each a ULEB128 header; header LSB 0 is a repeated run (count << 1, then the value in
// ceil(bitWidth / 8) little-endian bytes), LSB 1 is a bit-packed run ((groups << 1) | 1,
// then groups of 8 values packed LSB first). Used for definition levels and dictionary ids.

/// Encodes non-negative integers of a fixed bit width into the RLE/bit-packed hybrid.
///
/// Runs of 8 or more equal values become repeated runs; everything else is bit-packed in
/// groups of 8. Runs start only at group boundaries, so padding appears only at the end.
/// The encoder owns its output buffer and keeps its capacity across `reset` calls.
struct RLEHybridEncoder {
    private(set) var bytes: [UInt8] = []
    private(set) var bitWidth = 1
    private var buffered = (
        UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0),
        UInt32(0), UInt32(0)
    )
    private var bufferedCount = 0
    private var previous: UInt32 = 0
    private var repeatCount = 0
    private var bitPackedGroups = 0
    private var bitPackedHeaderIndex = -1

    /// The most groups one bit-packed header can count in the single byte we reserve for it.
    private static let maxGroupsPerHeader = 63

    /// Clears the output (keeping capacity) and sets the width of the values to come.
    mutating func reset(bitWidth: Int) {
        precondition((1...32).contains(bitWidth), "RLE bit width \(bitWidth) out of range")
        self.bitWidth = bitWidth
        bytes.removeAll(keepingCapacity: true)
        (bufferedCount, previous, repeatCount) = (0, 0, 0)
        (bitPackedGroups, bitPackedHeaderIndex) = (0, -1)
    }

    @inline(__always)
    mutating func append(_ value: UInt32) {
        if value == previous {
            repeatCount += 1
            if repeatCount >= 8 { return }
        } else {
            if repeatCount >= 8 { writeRepeatedRun() }
            repeatCount = 1
            previous = value
        }
        withUnsafeMutableBytes(of: &buffered) {
            $0.storeBytes(of: value, toByteOffset: bufferedCount * 4, as: UInt32.self)
        }
        bufferedCount += 1
        if bufferedCount == 8 { writeBitPackedGroup() }
    }

    /// Appends `count` copies of `value` (the common case for definition levels).
    mutating func append(_ value: UInt32, repeating count: Int) {
        var remaining = count
        while remaining > 0 && !(value == previous && repeatCount >= 8) {
            append(value)
            remaining -= 1
        }
        repeatCount += remaining
    }

    /// Flushes pending values; after this `bytes` holds the complete encoding.
    mutating func finish() {
        if repeatCount >= 8 {
            writeRepeatedRun()
        } else if bufferedCount > 0 {
            // Pad the last group with zeros; readers stop at the page's value count.
            withUnsafeMutableBytes(of: &buffered) { group in
                for index in bufferedCount..<8 {
                    group.storeBytes(of: 0, toByteOffset: index * 4, as: UInt32.self)
                }
            }
            writeBitPackedGroup()
        }
        endBitPackedRun()
    }

    private mutating func writeRepeatedRun() {
        endBitPackedRun()
        appendVarint(UInt64(repeatCount) << 1)
        var value = previous
        for _ in 0..<(bitWidth + 7) / 8 {
            bytes.append(UInt8(truncatingIfNeeded: value))
            value >>= 8
        }
        repeatCount = 0
        bufferedCount = 0
    }

    private mutating func writeBitPackedGroup() {
        if bitPackedGroups >= Self.maxGroupsPerHeader { endBitPackedRun() }
        if bitPackedHeaderIndex < 0 {
            bitPackedHeaderIndex = bytes.count
            bytes.append(0)
        }
        packBufferedGroup()
        bitPackedGroups += 1
        bufferedCount = 0
        repeatCount = 0
    }

    private mutating func packBufferedGroup() {
        var accumulator: UInt64 = 0
        var accumulatedBits = 0
        withUnsafeBytes(of: buffered) { group in
            for index in 0..<8 {
                let value = group.load(fromByteOffset: index * 4, as: UInt32.self)
                accumulator |= UInt64(value) << accumulatedBits
                accumulatedBits += bitWidth
                while accumulatedBits >= 8 {
                    bytes.append(UInt8(truncatingIfNeeded: accumulator))
                    accumulator >>= 8
                    accumulatedBits -= 8
                }
            }
        }
    }

    private mutating func endBitPackedRun() {
        guard bitPackedHeaderIndex >= 0 else { return }
        bytes[bitPackedHeaderIndex] = UInt8(bitPackedGroups << 1 | 1)
        bitPackedHeaderIndex = -1
        bitPackedGroups = 0
    }

    private mutating func appendVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }
}

extension RLEHybridEncoder {
    /// The bit width needed for values up to `maxValue`, at least 1.
    static func bitWidth(forMaxValue maxValue: Int) -> Int {
        max(1, Int.bitWidth - maxValue.leadingZeroBitCount)
    }
}
