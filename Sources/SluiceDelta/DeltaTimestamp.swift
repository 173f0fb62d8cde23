// Delta Transaction Log Protocol, "Per-file Statistics": timestamp bounds are written as
// ISO-8601 UTC with milliseconds (`2026-11-30T05:07:09.123Z`), as the reference
// implementation writes them. Civil dates from day counts follow the proleptic Gregorian
// calendar (days-from-civil inverse, H. Hinnant's "chrono-compatible date algorithms").

/// Formatting of instants for the log, without Foundation.
enum DeltaTimestamp {
    /// `YYYY-MM-DDTHH:MM:SS.mmmZ` for milliseconds since the epoch (negative ones too).
    static func iso8601(milliseconds: Int64) -> String {
        let days = milliseconds.dividedRoundingDown(by: 86_400_000)
        let inDay = milliseconds - days * 86_400_000
        let (year, month, day) = civilDate(daysSinceEpoch: days)

        let hour = inDay / 3_600_000
        let minute = inDay / 60_000 % 60
        let second = inDay / 1000 % 60
        let milli = inDay % 1000
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):"
            + "\(pad(second, 2)).\(pad(milli, 3))Z"
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

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let zeros = String(repeating: "0", count: max(0, width - digits.count))
        return (value < 0 ? "-" : "") + zeros + digits
    }
}
