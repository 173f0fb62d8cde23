import Foundation
import SluiceJSON
import Testing

@testable import SluiceWarehouse

/// The real Segment-spec events gathered from public repositories (see SOURCES.md there).
enum RealEvents {
    /// The shared read-only material: `SLUICE_SHARED`, else `../shared` beside the package
    /// (a git worktree one level deeper finds it at `../../shared`).
    static let shared: URL? = {
        if let path = ProcessInfo.processInfo.environment["SLUICE_SHARED"] {
            return URL(fileURLWithPath: path)
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return ["../shared", "../../shared"].map { root.appendingPathComponent($0).standardized }
            .first {
                FileManager.default.fileExists(
                    atPath: $0.appendingPathComponent("real-events").path)
            }
    }()

    /// Every event of every `events/*.ndjson` file, in file and line order.
    static func load() throws -> [(file: String, line: Int, event: JSONObject)] {
        let folder = try #require(shared).appendingPathComponent("real-events/events")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".ndjson") }.sorted()
        var events: [(String, Int, JSONObject)] = []
        for name in names {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            for (number, line) in text.split(separator: "\n").enumerated() {
                let value = try JSONParser().parse(String(line))
                events.append((name, number + 1, try #require(value.objectValue)))
            }
        }
        return events
    }
}

func tables(of event: JSONObject) -> [(table: String, kind: TableKind)] {
    TableNaming.tables(for: event).map { ($0.name, $0.kind) }
}

private func parseISO(_ text: String) -> Int64? {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    let date = formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    return date.map { Int64(($0.timeIntervalSince1970 * 1_000_000).rounded()) }
}

@Test func everyRealEventFlattensIntoCleanTables() throws {
    let events = try RealEvents.load()
    #expect(events.count >= 300)

    var builders: [String: TableSchemaBuilder] = [:]
    for (_, _, event) in events {
        for (table, kind) in tables(of: event) {
            let builder =
                builders[table]
                ?? TableSchemaBuilder(table: table, kind: kind, prior: nil, allowWidening: false)
            builders[table] = builder
            builder.observe(EventFlattener.flattenEvent(event, kind: kind))
        }
    }
    let schemas = builders.mapValues { $0.finish(runId: "real-events").schema }
    #expect(schemas.count > 10)

    for (table, schema) in schemas {
        #expect(table.wholeMatch(of: /[a-z][a-z0-9_]*/) != nil, "table '\(table)'")
        expectCleanColumns(schema)
        #expect(try TableSchema.decode(jsonText: schema.jsonText()) == schema)
    }

    var report = ""
    var discardCounts: [String: Int] = [:]
    for (file, line, event) in events {
        for (table, kind) in tables(of: event) {
            let schema = schemas[table]!
            let row = TableRowAssembler(schema: schema).assemble(
                event: event, fields: EventFlattener.flattenEvent(event, kind: kind),
                violations: nil,
                run: RunValues(loadedAtMicros: 0, runId: "real-events"), parseTimestamp: parseISO)
            #expect(row.cells.count == schema.columns.count)
            #expect(!row.discards.contains { $0.reason == .noColumn }, "\(file):\(line)")
            for discard in row.discards {
                discardCounts[table, default: 0] += 1
                report +=
                    "discard \(table).\(discard.column) \(discard.reason.rawValue) "
                    + "\(discard.originalJSON) (\(file):\(line))\n"
            }
        }
    }
    try writeReport(schemas: schemas, discards: report, counts: discardCounts)
}

private func expectCleanColumns(_ schema: TableSchema) {
    var names: Set<String> = []
    var paths: Set<String> = []
    for column in schema.columns {
        #expect(!column.name.isEmpty)
        #expect(
            column.name.wholeMatch(of: /[a-z_][a-z0-9_]*/) != nil, "\(schema.table).\(column.name)")
        #expect(column.name.utf8.count <= ColumnNaming.maxColumnNameLength)
        #expect(!ReservedWords.sql.contains(column.name), "\(schema.table).\(column.name)")
        #expect(names.insert(column.name).inserted, "duplicate \(schema.table).\(column.name)")
        for path in column.sourcePaths {
            #expect(paths.insert(path).inserted, "duplicate path \(schema.table) \(path)")
        }
    }
}

/// Writes every schema (and the discards) to `SLUICE_SCHEMA_REPORT` when it is set, for
/// `scripts/print-real-schemas`; writes nothing otherwise.
private func writeReport(schemas: [String: TableSchema], discards: String, counts: [String: Int])
    throws
{
    guard let path = ProcessInfo.processInfo.environment["SLUICE_SCHEMA_REPORT"] else { return }
    var text = ""
    for table in schemas.keys.sorted() {
        let schema = schemas[table]!
        text +=
            "== \(table) (\(schema.kind.rawValue), \(schema.columns.count) columns, "
            + "\(counts[table] ?? 0) discards)\n"
        for column in schema.columns {
            let name = column.name + String(repeating: " ", count: max(1, 41 - column.name.count))
            let type =
                column.type.rawValue
                + String(repeating: " ", count: 10 - column.type.rawValue.count)
            text += "  \(name)\(type) \(column.sourcePaths.joined(separator: ", "))\n"
        }
    }
    try (text + "\n" + discards).write(toFile: path, atomically: true, encoding: .utf8)
}
