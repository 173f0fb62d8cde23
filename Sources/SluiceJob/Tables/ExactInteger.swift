/// The integer a JSON number's text denotes exactly, read from the text rather than from the
/// nearest double: `1.0000000000000000001` is not an integer, `9007199254740993.0` is
/// 9007199254740993 (the double would say ...992), and `1.5e1` is 15.
enum ExactInteger {
    /// The value of `text`, a JSON number, when it is an integer within `Int64`; nil when it
    /// has a nonzero fraction, lies outside `Int64`, or is not a JSON number.
    static func value(of text: UnsafeRawBufferPointer) -> Int64? {
        var index = 0
        let isNegative = index < text.count && text[index] == UInt8(ascii: "-")
        if isNegative { index += 1 }

        // The significant digits and where the decimal point sits among them.
        var digits: [UInt8] = []
        var point = -1
        while index < text.count {
            let byte = text[index]
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits.append(byte - UInt8(ascii: "0"))
            } else if byte == UInt8(ascii: "."), point < 0 {
                point = digits.count
            } else {
                break
            }
            index += 1
        }
        guard !digits.isEmpty else { return nil }
        if point < 0 { point = digits.count }

        if index < text.count {
            guard text[index] | 0x20 == UInt8(ascii: "e") else { return nil }
            index += 1
            let exponentIsNegative = index < text.count && text[index] == UInt8(ascii: "-")
            if index < text.count,
                text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "+")
            {
                index += 1
            }
            var exponent = 0
            guard index < text.count else { return nil }
            while index < text.count {
                let byte = text[index]
                guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
                // Past this the value is 0 or out of range whatever the exponent.
                exponent = min(exponent * 10 + Int(byte - UInt8(ascii: "0")), 100_000)
                index += 1
            }
            point += exponentIsNegative ? -exponent : exponent
        }

        // Digits after the point must all be zero; those before it make the integer.
        let whole = max(0, min(point, digits.count))
        guard digits[whole...].allSatisfy({ $0 == 0 }) else { return nil }
        var magnitude: UInt64 = 0
        for position in 0..<max(point, 0) {
            let digit = position < digits.count ? UInt64(digits[position]) : 0
            let (times, overflowTimes) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflowSum) = times.addingReportingOverflow(digit)
            guard !overflowTimes, !overflowSum else { return nil }
            magnitude = sum
        }
        if isNegative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }
}
