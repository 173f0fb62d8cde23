import Testing

@testable import SluiceWarehouse

private let sample = TableSchema(
    table: "order_completed", kind: .trackEvent,
    columns: [
        WarehouseColumn(
            name: "id", type: .string, sourcePaths: ["messageId"], origin: .standard,
            addedInRun: "r1"),
        WarehouseColumn(
            name: "a_b", type: .int64, sourcePaths: [#"properties.a\.b"#], origin: .inferred,
            addedInRun: nil),
        WarehouseColumn(
            name: "at", type: .timestamp, sourcePaths: ["properties.at"], origin: .declared,
            addedInRun: "r\"2"),
    ])

@Test func schemaJSONRoundTripsAndIsDeterministic() throws {
    let text = sample.jsonText()
    let decoded = try TableSchema.decode(jsonText: text)
    #expect(decoded == sample)
    #expect(decoded.jsonText() == text)
}

@Test func schemaJSONHasOneColumnPerLine() {
    let expected = """
        {
          "format_version": 1,
          "table": "order_completed",
          "kind": "track_event",
          "columns": [
            {"name": "id", "type": "string", "origin": "standard", \
        "source_paths": ["messageId"], "added_in_run": "r1"},
            {"name": "a_b", "type": "int64", "origin": "inferred", \
        "source_paths": ["properties.a\\\\.b"], "added_in_run": null},
            {"name": "at", "type": "timestamp", "origin": "declared", \
        "source_paths": ["properties.at"], "added_in_run": "r\\"2"}
          ]
        }

        """
    #expect(sample.jsonText() == expected)
}

struct BadSchemaCase: Sendable, CustomTestStringConvertible {
    let name: String
    let text: String
    let code: WarehouseError.Code
    var testDescription: String { name }
}

/// A version-1 schema of table `t` with the given column objects.
private func schemaText(kind: String = "pages", columns: [String]) -> String {
    #"{"format_version": 1, "table": "t", "kind": "\#(kind)", "columns": ["#
        + columns.joined(separator: ", ") + "]}"
}

private func column(_ name: String, type: String = "json", paths: String = #"["x"]"#) -> String {
    #"{"name": "\#(name)", "type": "\#(type)", "origin": "inferred", "source_paths": \#(paths)}"#
}

let badSchemaCases: [BadSchemaCase] = [
    .init(name: "not JSON", text: "{", code: .schemaNotJSON),
    .init(name: "not an object", text: "[]", code: .schemaInvalid),
    .init(name: "no version", text: #"{"table": "t"}"#, code: .schemaVersionUnsupported),
    .init(name: "future version", text: #"{"format_version": 2}"#, code: .schemaVersionUnsupported),
    .init(
        name: "no table", text: #"{"format_version": 1, "kind": "pages", "columns": []}"#,
        code: .schemaInvalid),
    .init(name: "unknown kind", text: schemaText(kind: "x", columns: []), code: .schemaInvalid),
    .init(
        name: "unknown type", text: schemaText(columns: [column("a", type: "int")]),
        code: .schemaInvalid),
    .init(name: "empty name", text: schemaText(columns: [column("")]), code: .schemaInvalid),
    .init(
        name: "duplicate name",
        text: schemaText(columns: [column("a"), column("a", paths: #"["y"]"#)]),
        code: .schemaInvalid),
    .init(
        name: "duplicate source path", text: schemaText(columns: [column("a"), column("b")]),
        code: .schemaInvalid),
    .init(
        name: "source path not a string", text: schemaText(columns: [column("a", paths: "[1]")]),
        code: .schemaInvalid),
]

@Test func theBadSchemaHelperWritesAGoodSchemaForGoodColumns() throws {
    let schema = try TableSchema.decode(jsonText: schemaText(columns: [column("a")]))
    #expect(schema.columnSummary == ["a:json"])
}

@Test(arguments: badSchemaCases)
func aBrokenSchemaIsRefusedWithACode(_ c: BadSchemaCase) {
    #expect(throws: WarehouseError.self) { try TableSchema.decode(jsonText: c.text) }
    do {
        _ = try TableSchema.decode(jsonText: c.text)
    } catch {
        #expect(error.code == c.code)
    }
}
