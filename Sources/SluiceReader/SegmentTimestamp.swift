// Parses the timestamp forms Segment libraries send: ISO 8601-1:2019 extended format
// (section 5.4.2) date-times as profiled by RFC 3339 section 5.6, with the extensions listed
// on `SegmentTimestamp.parse`, and JSON numbers as Unix epoch milliseconds.
import SluiceJSON

/// The outcome of reading one timestamp field.
public enum TimestampParse: Sendable, Equatable {
    /// Microseconds since 1970-01-01T00:00:00Z; `hasZone` is false when the text named no
    /// offset and UTC was assumed.
    case value(micros: Int64, hasZone: Bool)
    /// The value is not a timestamp; the reason is a stable code (see `parse`).
    case invalid(reason: String)
}

/// Segment timestamps to and from microseconds since the Unix epoch, UTC.
public enum SegmentTimestamp {
    /// 0001-01-01T00:00:00Z, the earliest instant accepted.
    public static let minMicros: Int64 = -62_135_596_800 * CivilDate.microsPerSecond

    /// 9999-12-31T23:59:59.999999Z, the latest instant accepted.
    public static let maxMicros: Int64 = 253_402_300_800 * CivilDate.microsPerSecond - 1

    /// Reads a timestamp field's value.
    ///
    /// Strings: `YYYY-MM-DD`, then `T`, `t` or a space, then `hh:mm:ss`, an optional fraction
    /// of 1-9 digits after `.` or `,` (kept to the microsecond, truncated), and an optional
    /// offset `Z`, `z`, `+hh:mm`, `-hh:mm`, `+hhmm` or `+hh`. Without an offset the time is
    /// taken as UTC and `hasZone` is false. A date alone (`2024-02-29`) is midnight UTC
    /// without a zone. `24:00:00` (with a zero fraction) is the next day's midnight; second
    /// 60 is accepted as a leap second and counted as the first second of the next minute,
    /// as PostgreSQL does, since no leap-second table is kept. Every field is range-checked
    /// (month 13 or February 30 are invalid) and the year must be 0001-9999.
    ///
    /// Numbers: Unix epoch milliseconds; a fraction is kept to the microsecond (floored).
    ///
    /// Invalid reasons: `not_a_string_or_number`, `malformed` (not the grammar above, e.g.
    /// `"test"`, `"2017"` or a one-digit month), `field_out_of_range`, `out_of_range` (before
    /// year 1 or after year 9999).
    public static func parse(_ value: JSONValue) -> TimestampParse {
        switch value {
        case .string(let text):
            var utf8 = text
            return utf8.withUTF8 { parse(text: UnsafeRawBufferPointer($0)) }
        case .number(let number):
            return parse(epochMilliseconds: number)
        default:
            return .invalid(reason: notAStringOrNumber)
        }
    }

    /// The invalid reason of a value that is neither a string nor a number.
    static let notAStringOrNumber = "not_a_string_or_number"

    /// Formats an instant as `YYYY-MM-DDThh:mm:ss.ffffffZ`.
    public static func format(micros: Int64) -> String {
        let (days, inDay) = floorDivide(micros, CivilDate.microsPerDay)
        let date = CivilDate.date(daysSinceEpoch: days)
        let seconds = inDay / CivilDate.microsPerSecond
        let fraction = inDay % CivilDate.microsPerSecond

        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return pad(Int64(date.year), 4) + "-" + pad(Int64(date.month), 2) + "-"
            + pad(Int64(date.day), 2) + "T" + pad(seconds / 3600, 2) + ":"
            + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2) + "." + pad(fraction, 6)
            + "Z"
    }

    static func parse(epochMilliseconds number: JSONNumber) -> TimestampParse {
        let micros: Int64
        if let millis = number.int64 {
            guard millis.magnitude <= UInt64(Int64.max / 1000) else {
                return .invalid(reason: "out_of_range")
            }
            micros = millis * 1000
        } else if let scaled = flooredMicros(millis: number.text) {
            micros = scaled
        } else if number.double == 0 {
            // An exponent too far below zero to read (`1e-100000`): a fraction of a
            // microsecond from 1970, floored like any other.
            micros = number.text.hasPrefix("-") ? -1 : 0
        } else {
            return .invalid(reason: "out_of_range")
        }
        guard micros >= minMicros && micros <= maxMicros else {
            return .invalid(reason: "out_of_range")
        }
        return .value(micros: micros, hasZone: true)
    }

    /// The milliseconds written as `text` (a fraction or an exponent) in microseconds,
    /// rounded down, read from the digits as written: a double's product loses digits far
    /// from 1970 (`253402300799999.5` would give `...999488`). Nil past 18 digits, far
    /// beyond year 9999 in any case.
    static func flooredMicros(millis text: String) -> Int64? {
        guard let decimal = DecimalText(text.utf8) else { return nil }
        guard !decimal.isZero else { return 0 }
        let scale = decimal.exponent + 3
        let whole = decimal.digits.count + scale
        guard whole <= 18 else { return nil }
        var magnitude: Int64 = 0
        for digit in decimal.digits.prefix(max(0, whole)) {
            magnitude = magnitude * 10 + Int64(digit)
        }
        for _ in 0..<max(0, scale) {
            magnitude *= 10
        }
        // Digits written as zeros past the point (`-1.5000`) drop nothing.
        let hasFraction = decimal.digits.dropFirst(max(0, whole)).contains { $0 != 0 }
        guard decimal.isNegative else { return magnitude }
        return -magnitude - (hasFraction ? 1 : 0)
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let remainder = a % b
        return remainder < 0 ? (a / b - 1, remainder + b) : (a / b, remainder)
    }
}
