extension RunConfiguration.Partitioning {
    /// Microseconds in one partition.
    var unitMicros: Int64 { self == .day ? 86_400_000_000 : 3_600_000_000 }

    /// The partition of a time: whole days (or hours) since the epoch, rounded down, so
    /// buckets sort as their partitions' times do.
    func bucket(ofMicros micros: Int64) -> Int64 {
        let (quotient, remainder) = micros.quotientAndRemainder(dividingBy: unitMicros)
        return remainder < 0 ? quotient - 1 : quotient
    }

    /// The Hive-style partition values of a bucket: `day`, plus `hr` by the hour.
    func values(ofBucket bucket: Int64) -> [(String, String)] {
        let civil = CivilTime(
            micros: bucket.multipliedReportingOverflow(by: unitMicros).partialValue)
        var values = [("day", civil.dateString)]
        if self == .hour { values.append(("hr", civil.hourString)) }
        return values
    }
}
