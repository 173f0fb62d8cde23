// The RFC 3339 section 5.6 form Segment libraries send (`2024-02-29T10:00:00.123Z`), a
// subset of the grammar documented on `SegmentTimestamp.parse`.

extension SegmentTimestamp {
    /// The shortest and longest common forms: no fraction, and a fraction of nine digits.
    static let commonFormByteCounts = 20...30

    /// Reads `YYYY-MM-DDThh:mm:ss[.f...]Z` (a fraction of 1-9 digits) at fixed offsets, the
    /// form nearly every event carries. Nil for any other text, and for a field out of
    /// range, which `parseGrammar` then decides, so the answer is always the grammar's.
    static func parseCommonForm(_ text: UnsafeRawBufferPointer) -> TimestampParse? {
        let count = text.count
        guard commonFormByteCounts.contains(count), count != 21,
            text[4] == UInt8(ascii: "-"), text[7] == UInt8(ascii: "-"),
            text[10] == UInt8(ascii: "T"), text[13] == UInt8(ascii: ":"),
            text[16] == UInt8(ascii: ":"), text[count - 1] == UInt8(ascii: "Z"),
            let century = twoDigits(text, 0), let yearInCentury = twoDigits(text, 2),
            let month = twoDigits(text, 5), let day = twoDigits(text, 8)
        else { return nil }
        var time = TimeOfDay()
        guard let hour = twoDigits(text, 11), let minute = twoDigits(text, 14),
            let second = twoDigits(text, 17), readFraction(text, into: &time)
        else { return nil }
        (time.hour, time.minute, time.second) = (hour, minute, second)

        let year = century * 100 + yearInCentury
        guard year >= 1, (1...12).contains(month),
            (1...CivilDate.daysInMonth(year: year, month: month)).contains(day), time.isInRange
        else { return nil }
        let days = CivilDate.daysSinceEpoch(year: year, month: month, day: day)
        return .value(micros: days * CivilDate.microsPerDay + time.micros, hasZone: true)
    }

    /// The two decimal digits at `offset`, or nil when either is not a digit.
    @inline(__always)
    private static func twoDigits(_ text: UnsafeRawBufferPointer, _ offset: Int) -> Int? {
        let (high, low) = (text[offset] &- UInt8(ascii: "0"), text[offset + 1] &- UInt8(ascii: "0"))
        guard high < 10, low < 10 else { return nil }
        return Int(high) * 10 + Int(low)
    }

    /// Reads the fraction between the seconds and the final `Z`, if any, as `parseTime`
    /// does (kept to the microsecond, truncated); false when it is not `.` and digits.
    private static func readFraction(_ text: UnsafeRawBufferPointer, into time: inout TimeOfDay)
        -> Bool
    {
        guard text.count > 20 else { return true }
        guard text[19] == UInt8(ascii: ".") else { return false }
        for index in 20..<(text.count - 1) {
            let digit = text[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return false }
            if index < 26 { time.fractionMicros = time.fractionMicros * 10 + Int64(digit) }
            if digit != 0 { time.isFractionZero = false }
        }
        for _ in (text.count - 21)..<max(text.count - 21, 6) { time.fractionMicros *= 10 }
        return true
    }
}
