/// A set of Unicode scalar values, as an ECMA-262 character class, an escape such as `\d` or
/// `.` denotes it: sorted ranges of scalar values, with a bitmap for ASCII so the common case
/// is one bit test.
///
/// Immutable once built; may be read from many threads at once.
struct ScalarSet: Sendable, Hashable {
    /// Sorted, disjoint and non-adjacent ranges of scalar values.
    private(set) var ranges: [ClosedRange<UInt32>]

    /// Membership of the scalars 0 to 63 and 64 to 127, one bit each.
    private var lowASCII: UInt64 = 0
    private var highASCII: UInt64 = 0

    /// The largest Unicode scalar value; complements are taken up to it.
    static let maximumValue: UInt32 = 0x10_FFFF

    /// Builds the union of `ranges`, which may overlap and come in any order.
    init(_ ranges: [ClosedRange<UInt32>]) {
        var merged: [ClosedRange<UInt32>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, range.lowerBound <= last.upperBound &+ 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        self.ranges = merged

        for range in merged where range.lowerBound < 128 {
            for value in range.lowerBound...min(range.upperBound, 127) {
                if value < 64 { lowASCII |= 1 << value } else { highASCII |= 1 << (value - 64) }
            }
        }
    }

    /// Every scalar value not in this set.
    var inverted: ScalarSet {
        var gaps: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for range in ranges {
            if range.lowerBound > next { gaps.append(next...(range.lowerBound - 1)) }
            next = range.upperBound &+ 1
        }
        if next <= Self.maximumValue { gaps.append(next...Self.maximumValue) }
        return ScalarSet(gaps)
    }

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 64 { return lowASCII & (1 << value) != 0 }
        if value < 128 { return highASCII & (1 << (value - 64)) != 0 }

        // Binary search for the last range starting at or before `value`.
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].lowerBound <= value { low = middle + 1 } else { high = middle }
        }
        return low > 0 && ranges[low - 1].upperBound >= value
    }
}

extension ScalarSet {
    /// ECMA-262 `\d`: the ASCII digits only.
    static let digits = ScalarSet([0x30...0x39])

    /// ECMA-262 `\w`: ASCII letters, digits and `_` only.
    static let wordCharacters = ScalarSet([0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A])

    /// ECMA-262 `\s`: WhiteSpace and LineTerminator code points (sections 11.2 and 11.3);
    /// `ECMARegexTranslator.whitespaceClassBody` writes it for the fallback engine.
    static let whitespace = ScalarSet([
        0x09...0x0D, 0x20...0x20, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A,
        0x2028...0x2029, 0x202F...0x202F, 0x205F...0x205F, 0x3000...0x3000, 0xFEFF...0xFEFF,
    ])

    /// ECMA-262 `\D`, `\W` and `\S`: the complements of the three above.
    static let nonDigits = digits.inverted
    static let nonWordCharacters = wordCharacters.inverted
    static let nonWhitespace = whitespace.inverted

    /// ECMA-262 `.` without the `s` flag: everything but the four line terminators.
    static let dot = ScalarSet([0x0A...0x0A, 0x0D...0x0D, 0x2028...0x2029]).inverted

}
