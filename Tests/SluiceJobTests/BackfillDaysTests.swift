import Testing

@testable import SluiceJob

/// The days a backfill walks: every day `isDay` accepts as a bound has a place in the range,
/// so a range the command line took never comes out empty by accident.
@Suite struct BackfillDaysTests {
    static func days(from: String, to: String) -> [String] {
        let template = RunConfiguration(
            inputDirectory: "", planPath: "", outputDirectory: "", threads: 1)
        return Backfill(root: "", from: from, to: to, template: template).calendarDays()
    }

    @Test func rangeCrossesMonthsYearsAndLeapDays() {
        #expect(
            Self.days(from: "2024-02-28", to: "2024-03-01")
                == ["2024-02-28", "2024-02-29", "2024-03-01"])
        #expect(Self.days(from: "2026-12-31", to: "2027-01-01") == ["2026-12-31", "2027-01-01"])
        #expect(Self.days(from: "2026-11-02", to: "2026-11-01").isEmpty)
    }

    /// Year 0000 passes `isDay` (the proleptic calendar has it) but the timestamp parser the
    /// range was walked with refused it, so `--from 0000-12-31` walked no day at all and the
    /// backfill exited 0 having loaded nothing.
    @Test func rangeFromYearZeroWalksEveryDay() {
        #expect(Backfill.isDay("0000-12-31"))
        #expect(
            Self.days(from: "0000-12-30", to: "0001-01-01")
                == ["0000-12-30", "0000-12-31", "0001-01-01"])
        #expect(Self.days(from: "9999-12-31", to: "9999-12-31") == ["9999-12-31"])
    }
}
