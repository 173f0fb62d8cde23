import SluiceDelta
import SluiceParquet
import SluiceWarehouse

/// Commits each table's files of one run to the table's Delta Lake log
/// (`OUT/<table>/_delta_log/`), so Delta readers see exactly the committed files.
///
/// Each table commits atomically (put-if-absent of the next version); the tables of one run
/// commit one after another. Before it adds tonight's files a commit also removes the files
/// of the runs this one supersedes and any file the log holds that no committed run lists
/// (the leftovers of a run that crashed between its table commits and its manifest), so a
/// table's log always converges on exactly the live runs' files.
struct DeltaCommitter {
    let configuration: RunConfiguration
    let runId: String
    let batch: String
    let txnVersion: Int64

    /// Commits every table that has new files or files to remove.
    ///
    /// - Parameters:
    ///   - schemas: tonight's schema of each table touched.
    ///   - outputs: tonight's data files.
    ///   - liveFiles: files (relative to the output) of committed runs that stay live.
    func commit(schemas: [String: TableSchema], outputs: [TableFileOutput], liveFiles: Set<String>)
        throws
    {
        let byTable = Dictionary(grouping: outputs, by: \.table)
        let tables = Set(schemas.keys).union(existingDeltaTables()).sorted()
        var committed = 0
        for table in tables {
            let root = configuration.outputDirectory + "/" + table
            let delta = DeltaTable(root: root, engineInfo: "sluice/\(SluiceVersion.current)")
            let snapshot = try delta.snapshot()
            let removes = (snapshot?.files ?? []).map(\.path).filter {
                !liveFiles.contains(table + "/" + $0)
            }
            let adds = byTable[table] ?? []
            guard !adds.isEmpty || !removes.isEmpty else { continue }

            let fields = try deltaFields(table, schema: schemas[table], snapshot: snapshot)
            let partitionColumns = partitionColumns(snapshot)
            let now = RunID.nowMicros() / 1000
            let addFiles = adds.map { output in
                DeltaAddFile(
                    summary: output.summary!,
                    relativePath: String(output.relativePath.dropFirst(table.count + 1)),
                    partitionValues: output.partition, modificationTime: now, columns: fields)
            }
            do {
                try delta.commit(
                    schema: fields, partitionColumns: partitionColumns, adds: addFiles,
                    removes: removes,
                    runId: runId, batch: batch, txnVersion: txnVersion)
            } catch {
                throw JobError(
                    .output, "Could not commit table '\(table)' to its Delta log: \(error)")
            }
            committed += 1
            if committed == 1 { CrashPoint.betweenTableCommits.reach() }
        }
    }

    /// The Delta schema: the warehouse columns, then the partition columns as strings.
    private func deltaFields(_ table: String, schema: TableSchema?, snapshot: DeltaSnapshot?) throws
        -> [DeltaField]
    {
        guard let schema else {
            guard let existing = snapshot?.schema else {
                throw JobError(
                    .output,
                    "The table '\(table)' has a Delta log without a schema; remove its '_delta_log' folder so the next run recreates it."
                )
            }
            return existing
        }
        var fields = schema.columns.map {
            DeltaField(name: $0.name, type: $0.type.deltaType, nullable: true)
        }
        for column in partitionColumns(snapshot) {
            fields.append(DeltaField(name: column, type: .string, nullable: true))
        }
        return fields
    }

    private func partitionColumns(_ snapshot: DeltaSnapshot?) -> [String] {
        configuration.partitioning == .hour ? ["day", "hr"] : ["day"]
    }

    /// Tables that have a Delta log in the output, so a rerun can empty a table tonight's
    /// input no longer reaches.
    private func existingDeltaTables() -> [String] {
        FileSystem.listDirectory(configuration.outputDirectory).filter { name in
            !name.hasPrefix("_") && !name.hasPrefix(".")
                && FileSystem.isDirectory(
                    configuration.outputDirectory + "/" + name + "/_delta_log")
        }
    }
}

extension WarehouseType {
    /// The Delta Lake primitive type that reads this warehouse type's Parquet column.
    var deltaType: DeltaType {
        switch self {
        case .boolean: return .boolean
        case .int64: return .long
        case .double: return .double
        case .string, .json: return .string
        case .timestamp: return .timestamp
        }
    }
}
