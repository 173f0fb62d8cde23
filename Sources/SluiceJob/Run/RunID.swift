import SluiceReader

#if canImport(Glibc)
    import Glibc
#endif

/// A run's identity: `YYYYMMDDTHHMMSSZ-<6 hex>`, sortable by start time and unique enough that
/// two runs started in the same second do not collide.
public enum RunID {
    public static func make(startMicros: Int64) -> String {
        var generator = SystemRandomNumberGenerator()
        let suffix = String(UInt32.random(in: 0..<(1 << 24), using: &generator), radix: 16)
        let padded = String(repeating: "0", count: 6 - suffix.count) + suffix
        return compactTimestamp(micros: startMicros) + "-" + padded
    }

    /// `YYYYMMDDTHHMMSSZ` for a UTC time in microseconds since the epoch.
    public static func compactTimestamp(micros: Int64) -> String {
        let civil = CivilTime(micros: micros)
        return fourDigits(civil.year) + two(civil.month) + two(civil.day) + "T" + two(civil.hour)
            + two(civil.minute) + two(civil.second) + "Z"
    }

    /// The current time in microseconds since the epoch.
    public static func nowMicros() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000
    }

    /// A monotonic clock in seconds, for stage timings.
    public static func monotonicSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// CPU seconds (user and system) the whole process has used so far, every thread's.
    public static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return user + system
    }

    static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

/// `value` as at least four digits, zero-padded (`0042`).
func fourDigits(_ value: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}

/// A UTC calendar time split into fields (proleptic Gregorian), from microseconds.
public struct CivilTime: Sendable, Equatable {
    public var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
    public var microsecond: Int

    public init(micros: Int64) {
        let seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        microsecond = Int(micros - seconds * 1_000_000)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        hour = secondOfDay / 3600
        minute = secondOfDay / 60 % 60
        second = secondOfDay % 60
        (year, month, day) = CivilTime.civil(fromDays: days)
    }

    /// Days since 1970-01-01 to (year, month, day), by the reader's calendar.
    static func civil(fromDays days: Int64) -> (Int, Int, Int) {
        let date = CivilDate.date(daysSinceEpoch: days)
        return (date.year, date.month, date.day)
    }

    /// `YYYY-MM-DD`.
    public var dateString: String {
        fourDigits(year) + "-" + RunID.two(month) + "-" + RunID.two(day)
    }

    /// `HH` (00 to 23).
    public var hourString: String { RunID.two(hour) }

    /// ISO 8601 UTC with microseconds: `2026-11-30T08:01:02.123456Z`.
    public var isoString: String {
        let fraction = String(microsecond)
        return dateString + "T" + RunID.two(hour) + ":" + RunID.two(minute) + ":"
            + RunID.two(second)
            + "." + String(repeating: "0", count: 6 - fraction.count) + fraction + "Z"
    }
}
