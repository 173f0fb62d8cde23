import Testing

@testable import SluiceJob

@Suite struct CivilTimeTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000000Z"),
        (Int64(1_764_460_800_123_456), "2025-11-30T00:00:00.123456Z"),
        (Int64(-1), "1969-12-31T23:59:59.999999Z"),
        (Int64(951_782_400_000_000), "2000-02-29T00:00:00.000000Z"),
        (Int64(253_402_300_799_999_999), "9999-12-31T23:59:59.999999Z"),
        (Int64(-62_135_596_800_000_000), "0001-01-01T00:00:00.000000Z"),
    ])
    func formatsMicrosAsISO(micros: Int64, expected: String) {
        #expect(CivilTime(micros: micros).isoString == expected)
    }

    /// The day a dedupe key is filed under is the day its time formats to.
    @Test(arguments: [
        Int64(0), 1, -1, 86_399_999_999, 86_400_000_000, -86_400_000_000, -86_400_000_001,
        1_764_460_800_123_456, -62_135_596_800_000_000,
    ])
    func dayNumberIsTheFormattedDay(micros: Int64) {
        let day = NightlyRun.dayNumber(micros)
        #expect(
            CivilTime(micros: day * NightlyRun.microsPerDay).dateString
                == CivilTime(micros: micros).dateString)
        #expect(day * NightlyRun.microsPerDay <= micros)
        #expect(micros < (day + 1) * NightlyRun.microsPerDay)
    }

    @Test func compactRunTimestamp() {
        #expect(RunID.compactTimestamp(micros: 1_764_460_800_123_456) == "20251130T000000Z")
    }

    @Test func runIdsAreDistinct() {
        let ids = Set((0..<50).map { _ in RunID.make(startMicros: 0) })
        #expect(ids.count > 45)
    }
}
