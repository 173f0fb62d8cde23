// Delta Transaction Log Protocol, "Per-file Statistics": timestamp bounds are written as
// ISO-8601 UTC with milliseconds (`2026-11-30T05:07:09.123Z`), as the reference
// implementation writes them. Civil dates from day counts follow the proleptic Gregorian
// calendar (days-from-civil inverse, H. Hinnant's "chrono-compatible date algorithms").
import SluiceJSON

/// Formatting of instants for the log, without Foundation.
enum DeltaTimestamp {
    /// `YYYY-MM-DDTHH:MM:SS.mmmZ` for milliseconds since the epoch (negative ones too).
    static func iso8601(milliseconds: Int64) -> String {
        var text: [UInt8] = []
        appendISO8601(milliseconds: milliseconds, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends the `iso8601(milliseconds:)` text as UTF-8, building no `String`.
    static func appendISO8601(milliseconds: Int64, to out: inout [UInt8]) {
        let days = milliseconds.dividedRoundingDown(by: 86_400_000)
        let inDay = milliseconds - days * 86_400_000
        let (year, month, day) = civilDate(daysSinceEpoch: days)

        appendPadded(year, 4, to: &out)
        appendField(UInt8(ascii: "-"), month, 2, to: &out)
        appendField(UInt8(ascii: "-"), day, 2, to: &out)
        appendField(UInt8(ascii: "T"), inDay / 3_600_000, 2, to: &out)
        appendField(UInt8(ascii: ":"), inDay / 60_000 % 60, 2, to: &out)
        appendField(UInt8(ascii: ":"), inDay / 1000 % 60, 2, to: &out)
        appendField(UInt8(ascii: "."), inDay % 1000, 3, to: &out)
        out.append(UInt8(ascii: "Z"))
    }

    static func civilDate(daysSinceEpoch: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = daysSinceEpoch + 719_468
        let era = z.dividedRoundingDown(by: 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365

        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func appendField(
        _ separator: UInt8, _ value: Int64, _ width: Int, to out: inout [UInt8]
    ) {
        out.append(separator)
        appendPadded(value, width, to: &out)
    }

    /// Appends `value` with its magnitude zero-padded to `width` digits, `-` before it when
    /// negative; wider values keep all their digits.
    private static func appendPadded(_ value: Int64, _ width: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var digits = 1
        var rest = value.magnitude / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        for _ in digits..<max(digits, width) { out.append(UInt8(ascii: "0")) }
        JSONNumber.appendDecimal(value < 0 ? -value : value, to: &out)
    }
}
