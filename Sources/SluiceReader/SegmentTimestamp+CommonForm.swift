// The RFC 3339 section 5.6 form Segment libraries send (`2024-02-29T10:00:00.123Z`), a
// subset of the grammar documented on `SegmentTimestamp.parse`.

extension SegmentTimestamp {
    /// The shortest and longest common forms: no fraction, and a fraction of nine digits.
    static let commonFormByteCounts = 20...30

    /// Reads `YYYY-MM-DDThh:mm:ss[.f...]Z` (a fraction of 1-9 digits) at fixed offsets, the
    /// form nearly every event carries. Nil for any other text, and for a field out of
    /// range (hour 24, second 60 included), which `parseGrammar` then decides, so the
    /// answer is always the grammar's.
    static func parseCommonForm(_ text: UnsafeRawBufferPointer) -> TimestampParse? {
        commonFormMicros(text).map { .value(micros: $0, hasZone: true) }
    }

    /// `parseCommonForm` as microseconds since the epoch.
    ///
    /// The 19 bytes of date and time are read as three overlapping 8-byte words, and the
    /// separators and the digits of each word are checked at once: after subtracting '0'
    /// from the digit bytes, a digit is below 10, which adding 0x76 leaves below 0x80.
    static func commonFormMicros(_ text: UnsafeRawBufferPointer) -> Int64? {
        let count = text.count
        guard count >= 20, count <= 30, count != 21, text[count - 1] == UInt8(ascii: "Z")
        else { return nil }
        // "YYYY-MM-", "DDThh:mm" and "hh:mm:ss" (bytes 11 to 18), little-endian: the masks
        // pick the separators' bytes and the constants are '-', 'T' and ':' in them.
        guard
            let date = digits(
                text.loadUnaligned(as: UInt64.self), separators: 0xFF00_00FF_0000_0000,
                are: 0x2D00_002D_0000_0000),
            let dayAndTime = digits(
                text.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                separators: 0x0000_FF00_00FF_0000, are: 0x0000_3A00_0054_0000),
            let time = digits(
                text.loadUnaligned(fromByteOffset: 11, as: UInt64.self),
                separators: 0x0000_FF00_00FF_0000, are: 0x0000_3A00_003A_0000)
        else { return nil }

        let year = pair(date, 0) * 100 + pair(date, 2)
        let (month, day) = (pair(date, 5), pair(dayAndTime, 0))
        let (hour, minute, second) = (pair(time, 0), pair(time, 3), pair(time, 6))
        guard year >= 1, month >= 1, month <= 12, day >= 1,
            day <= CivilDate.daysInMonth(year: year, month: month), hour < 24, minute < 60,
            second < 60, let fraction = fractionMicros(text)
        else { return nil }
        let days = CivilDate.daysSinceEpoch(year: year, month: month, day: day)
        // Every field is in range here, so no step can overflow.
        let seconds = Int64((hour &* 60 &+ minute) &* 60 &+ second)
        return days &* CivilDate.microsPerDay &+ seconds &* CivilDate.microsPerSecond &+ fraction
    }

    /// `word` with '0' taken from every byte outside `separators`, or nil when a byte
    /// outside them is not a digit or the bytes inside are not `are`.
    @inline(__always)
    private static func digits(_ word: UInt64, separators: UInt64, are expected: UInt64)
        -> UInt64?
    {
        guard word & separators == expected else { return nil }
        let digitBytes = ~separators
        let values = (word & digitBytes) &- (0x3030_3030_3030_3030 & digitBytes)
        let tooBig = (values &+ (0x7676_7676_7676_7676 & digitBytes)) | values
        guard tooBig & 0x8080_8080_8080_8080 & digitBytes == 0 else { return nil }
        return values
    }

    /// The two-digit number at byte `offset` of a word of digit values.
    @inline(__always)
    private static func pair(_ values: UInt64, _ offset: Int) -> Int {
        let high = Int(truncatingIfNeeded: values >> UInt64(8 * offset)) & 0xFF
        let low = Int(truncatingIfNeeded: values >> UInt64(8 * offset + 8)) & 0xFF
        return high * 10 + low
    }

    /// The fraction between the seconds and the final `Z`, if any, in microseconds
    /// (truncated, as `parseTime` keeps it); nil when it is not `.` and digits. The caller
    /// has checked that the text holds 20 or 22 to 30 bytes, so at most nine digits, and
    /// the arithmetic cannot overflow.
    @inline(__always)
    private static func fractionMicros(_ text: UnsafeRawBufferPointer) -> Int64? {
        let count = text.count
        guard count > 20 else { return 0 }
        guard text[19] == UInt8(ascii: ".") else { return nil }
        var micros: Int64 = 0
        for index in 20..<(count &- 1) {
            let digit = text[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            if index < 26 { micros = micros &* 10 &+ Int64(digit) }
        }
        // Fewer than six digits: scale up to microseconds.
        var missing = 27 &- count
        while missing > 0 {
            micros &*= 10
            missing &-= 1
        }
        return micros
    }
}
