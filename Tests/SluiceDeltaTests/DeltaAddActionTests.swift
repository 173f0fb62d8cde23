import SluiceJSON
import Testing

@testable import SluiceDelta
@testable import SluiceParquet

/// The `add` lines and `stats` text written straight as bytes, checked against the same
/// actions built as JSON values, member by member.
@Suite struct DeltaAddActionTests {
    static let columns = [
        DeltaField(name: "id", type: .long), DeltaField(name: "say \"hi\"\\\n", type: .string),
        DeltaField(name: "at", type: .timestamp), DeltaField(name: "score", type: .double),
        DeltaField(name: "small", type: .long), DeltaField(name: "ok", type: .boolean),
        DeltaField(name: "day", type: .string),
    ]

    static func summaryFile() -> DeltaAddFile {
        let summary = ParquetFileSummary(
            path: "/t/f.parquet", rowCount: 4, byteCount: 900, rowGroupCount: 1,
            columnStatistics: [
                ParquetColumnStatistics(name: "id", nullCount: 0, min: .int64(-3), max: .int64(9)),
                ParquetColumnStatistics(
                    name: "say \"hi\"\\\n", nullCount: 1, min: .bytes(Array("a\"\u{1}é".utf8)),
                    max: .bytes(Array(String(repeating: "ü", count: 40).utf8))),
                ParquetColumnStatistics(
                    name: "at", nullCount: 0, min: .int64(-1_500),
                    max: .int64(1_798_761_599_999_001)),
                ParquetColumnStatistics(
                    name: "score", nullCount: 2, min: .double(-0.5), max: .double(.nan)),
                ParquetColumnStatistics(
                    name: "small", nullCount: 0, min: .int32(-7), max: .int32(7)),
                ParquetColumnStatistics(
                    name: "ok", nullCount: 3, min: .boolean(false), max: .boolean(true)),
            ])
        return DeltaAddFile(
            summary: summary, relativePath: "day=1/f ü.parquet",
            partitionValues: [("day", "1"), ("hr", "2"), ("day", "3")], modificationTime: 5,
            columns: columns)
    }

    static func handFile() -> DeltaAddFile {
        DeltaAddFile(
            path: "x.parquet", partitionValues: [], size: 1, modificationTime: 2, numRecords: 3,
            minValues: ["zeta": .string("z"), "id": .number(JSONNumber(Int64(1)))],
            maxValues: ["alpha": .bool(true)], nullCount: ["id": 0, "beta": 4])
    }

    static func unstatedFile() -> DeltaAddFile {
        var file = DeltaAddFile(
            path: "y.parquet", partitionValues: [("day", "1")], size: 1, modificationTime: 2,
            numRecords: 0)
        file.hasStatistics = false
        return file
    }

    /// The `add` action as JSON values, in the order the log has always written it.
    static func expectedLine(_ file: DeltaAddFile, columns: [String]) -> [UInt8] {
        var body = JSONObject()
        body["path"] = .string(file.encodedPath)
        body["partitionValues"] = .object(
            JSONObject(file.partitionValues.map { ($0, .string($1)) }))
        body["size"] = .number(JSONNumber(file.size))
        body["modificationTime"] = .number(JSONNumber(file.modificationTime))
        body["dataChange"] = .bool(true)
        if file.hasStatistics { body["stats"] = .string(expectedStatistics(file, columns)) }
        var line: [UInt8] = []
        JSONValue.object(JSONObject([("add", .object(body))])).appendJSON(to: &line)
        return line + [UInt8(ascii: "\n")]
    }

    static func expectedStatistics(_ file: DeltaAddFile, _ columnOrder: [String]) -> String {
        let named = Set(file.minValues.keys).union(file.maxValues.keys).union(file.nullCount.keys)
        let order = columnOrder.filter(named.contains) + named.subtracting(columnOrder).sorted()
        func object(_ values: [String: JSONValue]) -> JSONValue {
            .object(JSONObject(order.compactMap { key in values[key].map { (key, $0) } }))
        }
        var stats = JSONObject()
        stats["numRecords"] = .number(JSONNumber(Int64(file.numRecords)))
        stats["minValues"] = object(file.minValues)
        stats["maxValues"] = object(file.maxValues)
        stats["nullCount"] = object(
            file.nullCount.mapValues { JSONValue.number(JSONNumber(Int64($0))) })
        return JSONValue.object(stats).jsonText
    }

    @Test(arguments: ["from a Parquet summary", "stated by hand", "without statistics"])
    func addLinesMatchTheirJSONValueForm(_ name: String) {
        let file =
            switch name {
            case "from a Parquet summary": Self.summaryFile()
            case "stated by hand": Self.handFile()
            default: Self.unstatedFile()
            }
        let columns = Self.columns.map(\.name).filter { $0 != "day" }

        var line: [UInt8] = []
        DeltaTable.appendAddActions([file], columns: columns, to: &line)
        #expect(
            String(decoding: line, as: UTF8.self)
                == String(decoding: Self.expectedLine(file, columns: columns), as: UTF8.self))
    }

    @Test func statisticsReadBackWriteTheSameText() {
        let written = Self.summaryFile()
        let columns = Self.columns.map(\.name)
        var read = DeltaAddFile(
            path: "f", partitionValues: [], size: 1, modificationTime: 1, numRecords: 0)

        let isRead = read.readStatistics(written.statisticsJSON(columnOrder: columns))
        #expect(isRead)
        #expect(
            read.statisticsJSON(columnOrder: columns)
                == written.statisticsJSON(columnOrder: columns))
        #expect(read.minValues == written.minValues && read.nullCount == written.nullCount)
    }

    struct PrefixCase: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var testDescription: String { name }
    }

    /// A string statistic gets bounds exactly when `String(validating:)` accepts its bytes.
    @Test(arguments: [
        PrefixCase(name: "ASCII", bytes: Array("abc".utf8)),
        PrefixCase(name: "two to four byte scalars", bytes: Array("é€😀x".utf8)),
        PrefixCase(name: "overlong slash", bytes: [0xC0, 0xAF]),
        PrefixCase(name: "encoded surrogate", bytes: [0x61, 0xED, 0xA0, 0x80]),
        PrefixCase(name: "beyond U+10FFFF", bytes: [0xF4, 0x90, 0x80, 0x80]),
        PrefixCase(name: "truncated scalar", bytes: [0x61, 0x62, 0xE2, 0x82]),
        PrefixCase(name: "lone continuation", bytes: [0x80, 0x61]),
        PrefixCase(name: "invalid after the prefix", bytes: Array("abcd".utf8) + [0xFF]),
    ])
    func scalarPrefixJudgesUTF8AsStringDoes(_ test: PrefixCase) {
        let prefix = ScalarPrefix(utf8: test.bytes, length: 2)
        let text = String(validating: test.bytes, as: UTF8.self)

        #expect((prefix == nil) == (text == nil))
        if let prefix, let text {
            #expect(prefix.end == String(text.unicodeScalars.prefix(2)).utf8.count)
            #expect(prefix.isShortened == (text.unicodeScalars.count > 2))
        }
    }
}
