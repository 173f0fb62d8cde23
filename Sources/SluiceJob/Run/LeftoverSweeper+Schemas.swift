import SluiceWarehouse

extension LeftoverSweeper {
    /// Takes out of each table's `_schema.json` the columns a run without a manifest added:
    /// a run killed after writing the schemas but before its manifest left its columns (and
    /// their types) there, and the next run took them for the table's, typing later values
    /// by a run that never committed. Called before the table logs are brought back to the
    /// live runs' files, so the logs' schemas lose those columns too. Returns the schema
    /// files rewritten, relative to the output.
    ///
    /// A type a crashed run widened on an existing column is not undone: the file records
    /// only which run added a column.
    static func sweepSchemas(_ outputDirectory: String, history: RunHistory) throws -> [String] {
        var rewritten: [String] = []
        for table in FileSystem.listDirectory(outputDirectory)
        where !table.hasPrefix("_") && !table.hasPrefix(".") {
            let relative = table + "/" + TableStage.schemaFileName
            let path = outputDirectory + "/" + relative
            guard FileSystem.exists(path),
                let schema = try? TableSchema.decode(
                    jsonText: String(decoding: try FileSystem.readFile(path), as: UTF8.self))
            else { continue }
            let kept = schema.columns.filter { column in
                guard column.origin != .standard, let run = column.addedInRun else { return true }
                return history.isCommitted(run)
            }
            guard kept.count < schema.columns.count else { continue }
            let cleaned = TableSchema(table: schema.table, kind: schema.kind, columns: kept)
            try AtomicFile.write(Array(cleaned.jsonText().utf8), to: path)
            rewritten.append(relative)
        }
        return rewritten
    }
}
