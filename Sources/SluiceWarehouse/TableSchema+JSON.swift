import SluiceJSON

// The `_schema.json` layout, version 1:
// {"format_version": 1, "table": "...", "kind": "track_event", "columns": [
//   {"name": "...", "type": "int64", "origin": "inferred", "source_paths": ["..."],
//    "added_in_run": "..." | null}, ...]}
// Members are written in this order, one column per line, so the same schema always gives
// the same bytes and a diff between two nights shows one line per added column.

extension TableSchema {
    /// The schema as deterministic JSON text, ending in a newline.
    public func jsonText() -> String {
        var out = "{\n  \"format_version\": \(TableSchema.formatVersion),\n"
        out += "  \"table\": \(quoted(table)),\n  \"kind\": \(quoted(kind.rawValue)),\n"
        out += "  \"columns\": [\n"
        for (index, column) in columns.enumerated() {
            out += "    " + columnJSON(column) + (index + 1 < columns.count ? ",\n" : "\n")
        }
        return out + "  ]\n}\n"
    }

    private func columnJSON(_ column: WarehouseColumn) -> String {
        let paths = column.sourcePaths.map(quoted).joined(separator: ", ")
        let run = column.addedInRun.map(quoted) ?? "null"
        return "{\"name\": \(quoted(column.name)), \"type\": \(quoted(column.type.rawValue)), "
            + "\"origin\": \(quoted(column.origin.rawValue)), \"source_paths\": [\(paths)], "
            + "\"added_in_run\": \(run)}"
    }

    private func quoted(_ text: String) -> String {
        var bytes: [UInt8] = []
        JSONValue.appendQuoted(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Reads a schema written by `jsonText()`.
    ///
    /// - Throws: `WarehouseError` with `schemaNotJSON`, `schemaVersionUnsupported`, or
    ///   `schemaInvalid` (a member missing or of the wrong type, an unknown type or kind, or
    ///   two columns with one name or one source path).
    public static func decode(jsonText: String) throws(WarehouseError) -> TableSchema {
        let parsed: JSONValue
        do {
            parsed = try JSONParser().parse(jsonText)
        } catch {
            throw WarehouseError(
                .schemaNotJSON,
                "The table schema could not be read because it is not valid JSON; restore _schema.json from the last run's output or delete the table folder to start it afresh.",
                underlying: error.description)
        }
        guard let root = parsed.objectValue else { throw invalid("the top level is not an object") }

        let version = root["format_version"]?.numberValue?.int64
        guard version == Int64(formatVersion) else {
            throw WarehouseError(
                .schemaVersionUnsupported,
                "The table schema has format_version '\(version.map(String.init) ?? "none")', but this Sluice reads only version \(formatVersion); run the Sluice version that wrote it."
            )
        }
        return try decodeBody(root)
    }

    private static func decodeBody(_ root: JSONObject) throws(WarehouseError) -> TableSchema {
        guard let table = root["table"]?.stringValue else { throw invalid("'table' is missing") }
        guard let kind = root["kind"]?.stringValue.flatMap(TableKind.init(rawValue:)) else {
            throw invalid("'kind' is missing or unknown")
        }
        guard let elements = root["columns"]?.arrayValue else {
            throw invalid("'columns' is missing")
        }

        var columns: [WarehouseColumn] = []
        for element in elements { columns.append(try decodeColumn(element)) }
        try checkUnique(columns)
        return TableSchema(table: table, kind: kind, columns: columns)
    }

    private static func decodeColumn(_ value: JSONValue) throws(WarehouseError) -> WarehouseColumn {
        guard let name = value["name"]?.stringValue, !name.isEmpty else {
            throw invalid("a column has no name")
        }
        guard let type = value["type"]?.stringValue.flatMap(WarehouseType.init(rawValue:)),
            let origin = value["origin"]?.stringValue.flatMap(WarehouseColumn.Origin.init)
        else { throw invalid("column '\(name)' has a missing or unknown type or origin") }

        let paths = value["source_paths"]?.arrayValue?.compactMap(\.stringValue)
        guard let paths, paths.count == value["source_paths"]?.arrayValue?.count else {
            throw invalid("column '\(name)' has no list of source paths")
        }

        let run = value["added_in_run"]
        guard run == nil || run?.isNull == true || run?.stringValue != nil else {
            throw invalid("column '\(name)' has an added_in_run that is not a string")
        }
        return WarehouseColumn(
            name: name, type: type, sourcePaths: paths, origin: origin,
            addedInRun: run?.stringValue)
    }

    private static func checkUnique(_ columns: [WarehouseColumn]) throws(WarehouseError) {
        var names: Set<String> = []
        var paths: Set<String> = []
        for column in columns {
            guard names.insert(column.name).inserted else {
                throw invalid("two columns are named '\(column.name)'")
            }
            for path in column.sourcePaths where !paths.insert(path).inserted {
                throw invalid("source path '\(path)' belongs to two columns")
            }
        }
    }

    private static func invalid(_ reason: String) -> WarehouseError {
        WarehouseError(
            .schemaInvalid,
            "The table schema could not be used because \(reason); restore _schema.json from the last run's output or delete the table folder to start it afresh."
        )
    }
}
