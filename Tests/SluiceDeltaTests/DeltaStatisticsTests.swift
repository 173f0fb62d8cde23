import SluiceJSON
import Testing

@testable import SluiceDelta
@testable import SluiceParquet

/// Parquet footer statistics turned into Delta bounds.
@Suite struct DeltaStatisticsTests {
    struct TimestampCase: CustomTestStringConvertible, Sendable {
        var name: String
        var milliseconds: Int64
        var text: String
        var testDescription: String { name }
    }

    @Test(arguments: [
        TimestampCase(name: "epoch", milliseconds: 0, text: "1970-01-01T00:00:00.000Z"),
        TimestampCase(name: "before epoch", milliseconds: -1, text: "1969-12-31T23:59:59.999Z"),
        TimestampCase(
            name: "leap day", milliseconds: 951_782_400_123, text: "2000-02-29T00:00:00.123Z"),
        TimestampCase(
            name: "end of year", milliseconds: 1_798_761_599_999, text: "2026-12-31T23:59:59.999Z"),
        TimestampCase(
            name: "far past", milliseconds: -62_135_596_800_000, text: "0001-01-01T00:00:00.000Z"),
    ])
    func timestampsFormatAsISO8601WithMilliseconds(_ test: TimestampCase) {
        #expect(DeltaTimestamp.iso8601(milliseconds: test.milliseconds) == test.text)
    }

    struct BoundCase: CustomTestStringConvertible, Sendable {
        var name: String
        var type: DeltaType
        var value: ParquetStatisticValue
        var lower: JSONValue?
        var upper: JSONValue?
        var testDescription: String { name }
    }

    @Test(arguments: [
        BoundCase(
            name: "timestamp rounds outward", type: .timestamp, value: .int64(1_500),
            lower: .string("1970-01-01T00:00:00.001Z"), upper: .string("1970-01-01T00:00:00.002Z")),
        BoundCase(
            name: "negative timestamp rounds outward", type: .timestamp, value: .int64(-1_500),
            lower: .string("1969-12-31T23:59:59.998Z"), upper: .string("1969-12-31T23:59:59.999Z")),
        BoundCase(
            name: "whole millisecond is exact", type: .timestamp, value: .int64(2_000),
            lower: .string("1970-01-01T00:00:00.002Z"), upper: .string("1970-01-01T00:00:00.002Z")),
        BoundCase(
            name: "the last millisecond of 9999 is its own upper bound", type: .timestamp,
            value: .int64(253_402_300_799_999_500),
            lower: .string("9999-12-31T23:59:59.999Z"),
            upper: .string("9999-12-31T23:59:59.999Z")),
        BoundCase(
            name: "9999's last whole millisecond is exact", type: .timestamp,
            value: .int64(253_402_300_799_999_000),
            lower: .string("9999-12-31T23:59:59.999Z"),
            upper: .string("9999-12-31T23:59:59.999Z")),
        BoundCase(
            name: "long", type: .long, value: .int64(-7), lower: .number(JSONNumber(Int64(-7))),
            upper: .number(JSONNumber(Int64(-7)))),
        BoundCase(
            name: "double", type: .double, value: .double(2.5), lower: .number(JSONNumber(2.5)),
            upper: .number(JSONNumber(2.5))),
        BoundCase(
            name: "infinite double has no bound", type: .double, value: .double(.infinity),
            lower: nil, upper: nil),
        BoundCase(
            name: "short string is exact", type: .string, value: .bytes(Array("abc".utf8)),
            lower: .string("abc"), upper: .string("abc")),
        BoundCase(
            name: "long string: prefix below, raised prefix above", type: .string,
            value: .bytes(Array("abcdz".utf8)), lower: .string("abcd"), upper: .string("abce")),
        BoundCase(
            name: "raising skips maximal scalars", type: .string,
            value: .bytes(Array("ab\u{10FFFF}\u{10FFFF}x".utf8)),
            lower: .string("ab\u{10FFFF}\u{10FFFF}"),
            upper: .string("ac")),
        BoundCase(
            name: "raising skips the surrogate gap", type: .string,
            value: .bytes(Array("\u{D7FF}\u{D7FF}\u{D7FF}\u{D7FF}z".utf8)),
            lower: .string("\u{D7FF}\u{D7FF}\u{D7FF}\u{D7FF}"),
            upper: .string("\u{D7FF}\u{D7FF}\u{D7FF}\u{E000}")),
        BoundCase(
            name: "boolean has no bounds", type: .boolean, value: .boolean(true), lower: nil,
            upper: nil),
        BoundCase(
            name: "invalid UTF-8 has no bounds", type: .string, value: .bytes([0xFF, 0x41]),
            lower: nil, upper: nil),
    ])
    func boundsStayOnTheRightSide(_ test: BoundCase) {
        let bounds = StatisticBounds(type: test.type, prefixLength: 4)
        #expect(bounds.lower(test.value) == test.lower)
        #expect(bounds.upper(test.value) == test.upper)
    }

    @Test func summaryBecomesStatisticsOfTheNamedColumns() {
        let summary = ParquetFileSummary(
            path: "/t/day=1/f.parquet", rowCount: 3, byteCount: 400, rowGroupCount: 1,
            columnStatistics: [
                Self.statistics("id", nulls: 0, .int64(1), .int64(9)),
                Self.statistics("ok", nulls: 2, .boolean(false), .boolean(true)),
                Self.statistics("gone", nulls: 1, .int64(0), .int64(0)),
            ])
        let columns = [
            DeltaField(name: "id", type: .long), DeltaField(name: "ok", type: .boolean),
            DeltaField(name: "day", type: .string),
        ]
        let add = DeltaAddFile(
            summary: summary, relativePath: "day=1/f.parquet", partitionValues: [("day", "1")],
            modificationTime: 5, columns: columns)

        #expect(add.size == 400)
        #expect(add.numRecords == 3)
        #expect(add.nullCount == ["id": 0, "ok": 2])
        #expect(add.minValues == ["id": .number(JSONNumber(Int64(1)))])
        #expect(add.maxValues == ["id": .number(JSONNumber(Int64(9)))])
        #expect(
            add.statisticsJSON(columnOrder: ["id", "ok"])
                == #"{"numRecords":3,"minValues":{"id":1},"maxValues":{"id":9},"nullCount":{"id":0,"ok":2}}"#
        )
    }

    /// Built through `init(name:nullCount:)`, which exists whether or not the writer declares
    /// its own initializer.
    static func statistics(
        _ name: String, nulls: Int, _ min: ParquetStatisticValue, _ max: ParquetStatisticValue
    ) -> ParquetColumnStatistics {
        var statistics = ParquetColumnStatistics(name: name, nullCount: nulls)
        statistics.min = min
        statistics.max = max
        return statistics
    }
}
