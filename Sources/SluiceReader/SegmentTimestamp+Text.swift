// The text grammar documented on `SegmentTimestamp.parse`.

extension SegmentTimestamp {
    /// A position in a timestamp's text; reads fixed-width decimal fields.
    struct Scanner {
        let bytes: UnsafeRawBufferPointer
        var index = 0

        var isAtEnd: Bool { index == bytes.count }

        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func digits(_ count: Int) -> Int? {
            guard bytes.count - index >= count else { return nil }
            var value = 0
            for _ in 0..<count {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
                index += 1
            }
            return value
        }

        mutating func expect(_ byte: UInt8) -> Bool {
            guard peek == byte else { return false }
            index += 1
            return true
        }
    }

    static func parse(text: UnsafeRawBufferPointer) -> TimestampParse {
        if let micros = commonFormMicros(text) { return .value(micros: micros, hasZone: true) }
        return parseGrammar(text)
    }

    /// The whole grammar, read with a `Scanner`.
    static func parseGrammar(_ text: UnsafeRawBufferPointer) -> TimestampParse {
        var scanner = Scanner(bytes: text)
        guard let year = scanner.digits(4), scanner.expect(UInt8(ascii: "-")),
            let month = scanner.digits(2), scanner.expect(UInt8(ascii: "-")),
            let day = scanner.digits(2)
        else { return .invalid(reason: "malformed") }
        guard year >= 1, (1...12).contains(month),
            (1...CivilDate.daysInMonth(year: year, month: month)).contains(day)
        else { return .invalid(reason: "field_out_of_range") }
        let days = CivilDate.daysSinceEpoch(year: year, month: month, day: day)
        if scanner.isAtEnd { return .value(micros: days * CivilDate.microsPerDay, hasZone: false) }

        guard let separator = scanner.peek,
            separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == 0x20
        else { return .invalid(reason: "malformed") }
        scanner.index += 1
        guard let time = parseTime(&scanner) else { return .invalid(reason: "malformed") }
        guard let offset = parseOffset(&scanner), scanner.isAtEnd else {
            return .invalid(reason: "malformed")
        }

        guard time.isInRange, offset.isInRange else {
            return .invalid(reason: "field_out_of_range")
        }
        // The fields are each in range, but an offset, `24:00` or a leap second can still
        // carry the instant past year 1 or 9999, which no reader's calendar holds.
        let micros = days * CivilDate.microsPerDay + time.micros - offset.micros
        guard micros >= minMicros, micros <= maxMicros else {
            return .invalid(reason: "out_of_range")
        }
        return .value(micros: micros, hasZone: offset.isPresent)
    }

    struct TimeOfDay {
        var hour = 0
        var minute = 0
        var second = 0
        var fractionMicros: Int64 = 0
        var isFractionZero = true

        var isInRange: Bool {
            if hour == 24 { return minute == 0 && second == 0 && isFractionZero }
            return hour < 24 && minute < 60 && second <= 60
        }

        var micros: Int64 {
            Int64((hour * 60 + minute) * 60 + second) * CivilDate.microsPerSecond + fractionMicros
        }
    }

    static func parseTime(_ scanner: inout Scanner) -> TimeOfDay? {
        var time = TimeOfDay()
        guard let hour = scanner.digits(2), scanner.expect(UInt8(ascii: ":")),
            let minute = scanner.digits(2), scanner.expect(UInt8(ascii: ":")),
            let second = scanner.digits(2)
        else { return nil }
        (time.hour, time.minute, time.second) = (hour, minute, second)
        guard scanner.expect(UInt8(ascii: ".")) || scanner.expect(UInt8(ascii: ",")) else {
            return time
        }

        // Digits past the sixth are checked but dropped: truncation to the microsecond.
        var count = 0
        while let byte = scanner.peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            if count < 6 { time.fractionMicros = time.fractionMicros * 10 + Int64(byte - 48) }
            if byte != UInt8(ascii: "0") { time.isFractionZero = false }
            count += 1
            scanner.index += 1
        }
        guard (1...9).contains(count) else { return nil }
        for _ in count..<max(count, 6) { time.fractionMicros *= 10 }
        return time
    }

    struct ZoneOffset {
        var isPresent = false
        var hours = 0
        var minutes = 0
        var isNegative = false

        var isInRange: Bool { hours < 24 && minutes < 60 }

        var micros: Int64 {
            let seconds = Int64(hours * 3600 + minutes * 60) * CivilDate.microsPerSecond
            return isNegative ? -seconds : seconds
        }
    }

    static func parseOffset(_ scanner: inout Scanner) -> ZoneOffset? {
        var offset = ZoneOffset()
        guard let sign = scanner.peek else { return offset }
        if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") {
            scanner.index += 1
            offset.isPresent = true
            return offset
        }
        guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        scanner.index += 1

        guard let hours = scanner.digits(2) else { return nil }
        offset = ZoneOffset(isPresent: true, hours: hours, isNegative: sign == UInt8(ascii: "-"))
        if scanner.isAtEnd { return offset }
        _ = scanner.expect(UInt8(ascii: ":"))
        guard let minutes = scanner.digits(2) else { return nil }
        offset.minutes = minutes
        return offset
    }
}
