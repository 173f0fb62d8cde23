import SluiceJSON
import Testing

@testable import SluiceReader

@Suite struct SegmentTimestampTests {
    // Expected values computed independently with Python's datetime.
    @Test(
        arguments: [
            ("2023-10-23T08:56:09.043Z", 1_698_051_369_043_000, true),
            ("2023-10-23T08:56:09.043z", 1_698_051_369_043_000, true),
            ("2023-10-23 08:56:09.043Z", 1_698_051_369_043_000, true),
            ("2023-10-23t08:56:09,043Z", 1_698_051_369_043_000, true),
            ("2022-06-22T12:31:15.655+05:30", 1_655_881_275_655_000, true),
            ("2022-06-22T12:31:15.655+0530", 1_655_881_275_655_000, true),
            ("2018-09-05T23:05:25.862826855Z", 1_536_188_725_862_826, true),
            ("2018-09-05T23:05:25.862826Z", 1_536_188_725_862_826, true),
            ("2009-11-10T23:00:00Z", 1_257_894_000_000_000, true),
            ("2009-11-10T23:00:00", 1_257_894_000_000_000, false),
            ("2009-11-10T23:00:00.0", 1_257_894_000_000_000, false),
            ("2020-05-17T03:04:05.1+02", 1_589_677_445_100_000, true),
            ("2020-05-17T03:04:05.12-03:30", 1_589_697_245_120_000, true),
            ("2000-02-29T12:00:00-08:00", 951_854_400_000_000, true),
            ("2024-02-29", 1_709_164_800_000_000, false),
            ("1969-12-31T23:59:59.5Z", -500_000, true),
            ("1900-03-01T00:00:00Z", -2_203_891_200_000_000, true),
            ("0001-01-01T00:00:00Z", -62_135_596_800_000_000, true),
            ("0001-01-01T00:30:00-01:00", -62_135_591_400_000_000, true),
            ("9999-12-31T22:59:60Z", 253_402_297_200_000_000, true),
            ("9999-12-31T23:59:59.999999999Z", 253_402_300_799_999_999, true),
            ("2023-01-01T24:00:00Z", 1_672_617_600_000_000, true),
            ("2016-12-31T23:59:60Z", 1_483_228_800_000_000, true),
        ] as [(String, Int64, Bool)])
    func parsesText(text: String, micros: Int64, hasZone: Bool) {
        #expect(SegmentTimestamp.parse(.string(text)) == .value(micros: micros, hasZone: hasZone))
    }

    @Test(arguments: [
        ("test", "malformed"), ("2017", "malformed"), ("", "malformed"),
        ("2015-2-02T00:30:08.276Z", "malformed"), ("20XX-XX-XXTXX:XX:XX.XXXZ", "malformed"),
        ("sample_timestamp", "malformed"), ("2023-01-01T00:00Z", "malformed"),
        ("2023-01-01T00:00:00.Z", "malformed"), ("2023-01-01T00:00:00.1234567890Z", "malformed"),
        ("2023-01-01T00:00:00Z ", "malformed"), ("2023-01-01T00:00:00+5", "malformed"),
        ("2023-01-01T00:00:00+05:3", "malformed"), ("2023-01-01X00:00:00Z", "malformed"),
        ("2023-13-01T00:00:00Z", "field_out_of_range"),
        ("2023-02-29T00:00:00Z", "field_out_of_range"),
        ("2024-02-30", "field_out_of_range"), ("1900-02-29", "field_out_of_range"),
        ("2023-04-31T00:00:00Z", "field_out_of_range"),
        ("0000-01-01T00:00:00Z", "field_out_of_range"),
        ("2023-01-01T24:00:01Z", "field_out_of_range"),
        ("2023-01-01T24:00:00.5Z", "field_out_of_range"),
        ("2023-01-01T23:60:00Z", "field_out_of_range"),
        ("2023-01-01T23:59:61Z", "field_out_of_range"),
        ("2023-01-01T00:00:00+24:00", "field_out_of_range"), ("2023-00-10", "field_out_of_range"),
        // Fields in range whose instant is not: the offset, 24:00 or a leap second carries it
        // past year 1 or year 9999.
        ("0001-01-01T00:30:00+01:00", "out_of_range"),
        ("9999-12-31T24:00:00Z", "out_of_range"), ("9999-12-31T23:59:60Z", "out_of_range"),
        ("9999-12-31T23:30:00-01:00", "out_of_range"),
    ])
    func rejectsText(text: String, reason: String) {
        #expect(SegmentTimestamp.parse(.string(text)) == .invalid(reason: reason))
    }

    @Test(arguments: [
        ("1698051369043", TimestampParse.value(micros: 1_698_051_369_043_000, hasZone: true)),
        ("-500", .value(micros: -500_000, hasZone: true)),
        ("1698051369043.5", .value(micros: 1_698_051_369_043_500, hasZone: true)),
        ("1.5e3", .value(micros: 1_500_000, hasZone: true)),
        ("9223372036854775807", .invalid(reason: "out_of_range")),
        ("253402300800000", .invalid(reason: "out_of_range")),
        ("1e300", .invalid(reason: "out_of_range")),
        // Fractions read from the digits as written, not through a double's product.
        ("253402300799999.5", .value(micros: 253_402_300_799_999_500, hasZone: true)),
        ("-1.5", .value(micros: -1_500, hasZone: true)),
        ("1.0005", .value(micros: 1_000, hasZone: true)),
        ("-0.0005", .value(micros: -1, hasZone: true)),
        ("-1.5000", .value(micros: -1_500, hasZone: true)),
        ("-86400000.0000", .value(micros: -86_400_000_000, hasZone: true)),
        ("-0.0010", .value(micros: -1, hasZone: true)),
        ("0.0", .value(micros: 0, hasZone: true)),
        ("2.5e-3", .value(micros: 2, hasZone: true)),
        ("1e15", .invalid(reason: "out_of_range")),
        ("1e-400", .value(micros: 0, hasZone: true)),
        // Zero whatever its exponent, and exponents too far below zero to read.
        ("0e999999", .value(micros: 0, hasZone: true)),
        ("-0.0e-999999999999", .value(micros: 0, hasZone: true)),
        ("1e-100000", .value(micros: 0, hasZone: true)),
        ("-1e-100000", .value(micros: -1, hasZone: true)),
        ("1e100000", .invalid(reason: "out_of_range")),
    ])
    func readsNumbersAsEpochMilliseconds(text: String, expected: TimestampParse) throws {
        #expect(SegmentTimestamp.parse(try JSONParser().parse(text)) == expected)
    }

    @Test func otherJSONTypesAreNotTimestamps() {
        for value in [JSONValue.bool(true), .null, .array([]), .object(JSONObject())] {
            #expect(SegmentTimestamp.parse(value) == .invalid(reason: "not_a_string_or_number"))
        }
    }

    @Test(arguments: [
        (Int64(1_698_051_369_043_000), "2023-10-23T08:56:09.043000Z"),
        (-500_000, "1969-12-31T23:59:59.500000Z"),
        (-62_135_596_800_000_000, "0001-01-01T00:00:00.000000Z"),
        (253_402_300_799_999_999, "9999-12-31T23:59:59.999999Z"),
        (951_854_400_000_001, "2000-02-29T20:00:00.000001Z"),
    ])
    func formats(micros: Int64, text: String) {
        #expect(SegmentTimestamp.format(micros: micros) == text)
    }

    /// Every day of years around each kind of leap rule survives format then parse.
    @Test func formatAndParseRoundTripEveryDay() {
        for year in [1, 4, 100, 1600, 1900, 1969, 1970, 2000, 2024, 2100, 9999] {
            for month in 1...12 {
                for day in 1...CivilDate.daysInMonth(year: year, month: month) {
                    let days = CivilDate.daysSinceEpoch(year: year, month: month, day: day)
                    #expect(CivilDate.date(daysSinceEpoch: days) == (year, month, day))
                    let micros = days * CivilDate.microsPerDay + 45_296_000_007
                    let text = SegmentTimestamp.format(micros: micros)
                    #expect(
                        SegmentTimestamp.parse(.string(text))
                            == .value(micros: micros, hasZone: true))
                }
            }
        }
        #expect(
            CivilDate.daysSinceEpoch(year: 2000, month: 3, day: 1)
                - CivilDate.daysSinceEpoch(year: 2000, month: 2, day: 28) == 2)
    }
}
