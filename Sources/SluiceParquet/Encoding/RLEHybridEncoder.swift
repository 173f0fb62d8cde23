// Encodings.md "Run Length Encoding / Bit-Packing Hybrid (RLE = 3)": a sequence of runs,
// each a ULEB128 header; header LSB 0 is a repeated run (count << 1, then the value in
// ceil(bitWidth / 8) little-endian bytes), LSB 1 is a bit-packed run ((groups << 1) | 1,
// then groups of 8 values packed LSB first). Used for definition levels and dictionary ids.

/// Encodes non-negative integers of a fixed bit width into the RLE/bit-packed hybrid.
///
/// Values are cut into groups of 8 from the start, and from the first value after each
/// repeated run. A group of 8 equal values starts a repeated run that lasts as long as the
/// value repeats; any other group is bit-packed. Padding therefore appears only at the end.
/// `append(contentsOf:)` gives the same bytes as appending the values one at a time.
///
/// The encoding is appended to `output`, after what it held at `reset`; the encoder keeps
/// no other buffer. Values must fit the bit width; larger ones corrupt the output.
struct RLEHybridEncoder {
    let output: ByteBuffer
    private(set) var bitWidth = 1
    /// `output.count` at the last `reset`: where this encoding starts.
    private var start = 0
    private var buffered = (
        UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0),
        UInt32(0), UInt32(0)
    )
    private var bufferedCount = 0
    private var previous: UInt32 = 0
    /// Equal values seen since the group began; 8 or more means a repeated run is open (and
    /// `buffered` holds 7 copies of its value, which the run replaces).
    private var repeatCount = 0
    private var bitPackedGroups = 0
    private var bitPackedHeaderOffset = -1

    /// The most groups one bit-packed header can count in the single byte we reserve for it.
    private static let maxGroupsPerHeader = 63

    /// Encodes into `output`, which the caller may share with other writers of the same page.
    init(output: ByteBuffer = ByteBuffer(capacity: 256)) {
        self.output = output
    }

    /// Starts a new encoding at the end of `output` with values of `bitWidth` bits.
    mutating func reset(bitWidth: Int) {
        precondition((1...32).contains(bitWidth), "RLE bit width \(bitWidth) out of range")
        self.bitWidth = bitWidth
        start = output.count
        (bufferedCount, previous, repeatCount) = (0, 0, 0)
        (bitPackedGroups, bitPackedHeaderOffset) = (0, -1)
    }

    /// Bytes of the encoding since `reset`; complete after `finish`.
    var encodedByteCount: Int { output.count - start }

    /// A copy of the encoding since `reset`.
    var bytes: [UInt8] { Array(output.bytes[start...]) }

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
        if bufferedCount == 8 { writeBufferedGroup() }
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

    /// Appends every value in order. Whole groups are checked and packed straight from
    /// `values`, and a repeated run is extended by scanning, so the cost is a few
    /// instructions per value rather than a call each.
    mutating func append<T: FixedWidthInteger & UnsignedInteger>(
        contentsOf values: UnsafeBufferPointer<T>
    ) {
        guard let base = values.baseAddress else { return }
        var index = 0
        while index < values.count {
            if repeatCount >= 8 {
                let end = Self.endOfRun(base, from: index, count: values.count, of: previous)
                repeatCount += end - index
                index = end
                if index < values.count { writeRepeatedRun() }
            } else if bufferedCount > 0 || index + 8 > values.count {
                append(UInt32(base[index]))
                index += 1
            } else if Self.isUniform(base + index) {
                // The state appending these 8 one at a time leaves: a run of 8 is open.
                (previous, repeatCount, bufferedCount) = (UInt32(base[index]), 8, 7)
                index += 8
            } else {
                writeGroup(base + index)
                (previous, repeatCount) = (UInt32(base[index + 7]), 0)
                index += 8
            }
        }
    }

    /// Flushes pending values; after this the encoding in `output` is complete.
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
            writeBufferedGroup()
        }
        endBitPackedRun()
    }

    private mutating func writeRepeatedRun() {
        endBitPackedRun()
        appendVarint(UInt64(repeatCount) << 1)
        var value = previous
        for _ in 0..<(bitWidth + 7) / 8 {
            output.append(byte: UInt8(truncatingIfNeeded: value))
            value >>= 8
        }
        repeatCount = 0
        bufferedCount = 0
    }

    private mutating func writeBufferedGroup() {
        let group = buffered
        withUnsafeBytes(of: group) {
            writeGroup($0.assumingMemoryBound(to: UInt32.self).baseAddress!)
        }
        bufferedCount = 0
        repeatCount = 0
    }

    /// Bit-packs the 8 values at `group`, opening (or continuing) a bit-packed run.
    @inline(__always)
    private mutating func writeGroup<T: FixedWidthInteger & UnsignedInteger>(
        _ group: UnsafePointer<T>
    ) {
        if bitPackedGroups >= Self.maxGroupsPerHeader { endBitPackedRun() }
        if bitPackedHeaderOffset < 0 {
            bitPackedHeaderOffset = output.count
            output.append(byte: 0)
        }
        BitPacking.pack(group, bitWidth: bitWidth, into: output)
        bitPackedGroups += 1
    }

    private mutating func endBitPackedRun() {
        guard bitPackedHeaderOffset >= 0 else { return }
        output.base.storeBytes(
            of: UInt8(bitPackedGroups << 1 | 1), toByteOffset: bitPackedHeaderOffset,
            as: UInt8.self)
        bitPackedHeaderOffset = -1
        bitPackedGroups = 0
    }

    private mutating func appendVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            output.append(byte: UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        output.append(byte: UInt8(rest))
    }
}

extension RLEHybridEncoder {
    /// The bit width needed for values up to `maxValue`, at least 1.
    static func bitWidth(forMaxValue maxValue: Int) -> Int {
        max(1, Int.bitWidth - maxValue.leadingZeroBitCount)
    }

    /// Whether the 8 values at `group` are all equal.
    @inline(__always)
    static func isUniform<T: FixedWidthInteger>(_ group: UnsafePointer<T>) -> Bool {
        var differences: T = 0
        for index in 1..<8 { differences |= group[index] ^ group[0] }
        return differences == 0
    }

    /// The first index at or after `index` (and below `count`) whose value is not `value`.
    @inline(__always)
    static func endOfRun<T: FixedWidthInteger & UnsignedInteger>(
        _ values: UnsafePointer<T>, from index: Int, count: Int, of value: UInt32
    ) -> Int {
        guard let wanted = T(exactly: value) else { return index }
        var end = index
        while end < count && values[end] == wanted { end += 1 }
        return end
    }
}
