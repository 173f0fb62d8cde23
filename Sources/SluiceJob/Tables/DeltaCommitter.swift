import SluiceDelta
import SluiceParquet
import SluiceWarehouse

/// Commits each table's files of one run to the table's Delta Lake log
/// (`OUT/<table>/_delta_log/`), so Delta readers see exactly the committed files.
///
/// Each table commits atomically (put-if-absent of the next version); the tables of one run
/// commit one after another. Every commit makes the log converge on exactly the live runs'
/// files: it adds tonight's files, removes files no live run lists (replaced by a rerun, or
/// left by a run that crashed before its manifest), and lists again live files the log lost
/// (taken out by a crashed rerun, or a log deleted by hand), from their manifests.
// FIXME: the tables of one run commit one after another, not atomically together: a crash
// between two commits leaves the earlier tables at tonight's version and the later ones at
// last night's until the next run reconciles them. Each table alone is always consistent.
struct DeltaCommitter {
    let outputDirectory: String
    /// Partitioning for tables that have no log yet; existing tables keep theirs.
    let partitioning: RunConfiguration.Partitioning
    let runId: String
    let batch: String
    let txnVersion: Int64
    /// The runs with a manifest: a table whose every commit came from other runs (created by
    /// a run killed before its manifest, or by a run that failed) is removed whole when it
    /// would be left without files, rather than kept as an empty table.
    let committedRuns: Set<String>

    /// Partition columns as `--partition` names them: `by day (day)`, `by hour (day, hr)`.
    static func describe(_ columns: [String]) -> String {
        let name = columns.contains("hr") ? "by hour" : columns.isEmpty ? "not at all" : "by day"
        return columns.isEmpty ? name : name + " (" + columns.joined(separator: ", ") + ")"
    }

    /// Checks, before anything is committed, that tonight's schemas and partitioning fit the
    /// existing logs; a Delta reader-1 table can neither change a column's type nor its
    /// partition columns.
    func precheck(schemas: [String: TableSchema]) throws {
        for (table, schema) in schemas.sorted(by: { $0.key < $1.key }) {
            guard let snapshot = try DeltaTable(root: root(table)).snapshot() else { continue }
            try checkPartitioning(table, snapshot)
            let existing = Dictionary(
                snapshot.schema.map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })
            for column in schema.columns {
                if let type = existing[column.name], type != column.type.deltaType {
                    throw JobError(
                        .output,
                        "The column '\(column.name)' of table '\(table)' would change from \(type.rawValue) to \(column.type.deltaType.rawValue), which its Delta log cannot record over earlier files; rerun without '--allow-widening' (values that do not fit go to the discards). Nothing was committed."
                    )
                }
            }
        }
    }

    /// Checks, before the run reads any input, that every table with a Delta log is
    /// partitioned as this run partitions (`--partition`): otherwise the run would read the
    /// whole night only to commit nothing. Throws a usage error naming the flag to pass.
    func precheckPartitioning() throws {
        for table in existingDeltaTables().sorted() {
            guard let snapshot = try DeltaTable(root: root(table)).snapshot() else { continue }
            try checkPartitioning(table, snapshot)
        }
    }

    /// Throws when `snapshot`, table `table`'s log, has other partition columns than this
    /// run writes: a Delta reader-1 table cannot change them over earlier files.
    private func checkPartitioning(_ table: String, _ snapshot: DeltaSnapshot) throws {
        guard snapshot.partitionColumns != wantedPartitionColumns else { return }
        let flag = snapshot.partitionColumns.contains("hr") ? "hour" : "day"
        throw JobError(
            .usage,
            "The table '\(table)' is partitioned \(Self.describe(snapshot.partitionColumns)), but this run partitions \(Self.describe(wantedPartitionColumns)); rerun with '--partition \(flag)' to match it, or write to a new output directory. Nothing was committed."
        )
    }

    /// Commits every table that has new files, files to remove or live files to list again.
    ///
    /// - Parameters:
    ///   - schemas: tonight's schema of each table touched.
    ///   - outputs: tonight's data files.
    ///   - liveFiles: files of committed runs that stay live, by path relative to the output.
    ///   - storedSchema: a table's `_schema.json`, for a table untouched tonight whose log
    ///     must be rebuilt.
    /// - Returns: the number of tables committed.
    @discardableResult
    func commit(
        schemas: [String: TableSchema], outputs: [TableFileOutput],
        liveFiles: [String: RunHistory.OutputFile], storedSchema: (String) throws -> TableSchema?
    ) throws -> Int {
        let byTable = Dictionary(grouping: outputs, by: \.table)
        let liveByTable = Dictionary(grouping: liveFiles.values, by: \.table)
        let tables = Set(schemas.keys).union(existingDeltaTables()).union(liveByTable.keys).sorted()
        var committed = 0
        for table in tables {
            let delta = DeltaTable(root: root(table), engineInfo: "sluice/\(SluiceVersion.current)")
            let snapshot = try delta.snapshot()
            let listed = Set((snapshot?.files ?? []).map(\.path))
            let prefix = table + "/"
            let removes = listed.filter { liveFiles[prefix + $0] == nil }.sorted()
            var relisted = (liveByTable[table] ?? []).filter {
                !listed.contains(String($0.path.dropFirst(prefix.count)))
            }
            let adds = byTable[table] ?? []
            let tonight = Set(adds.map(\.relativePath))
            relisted.removeAll { tonight.contains($0.path) }
            if let snapshot, adds.isEmpty, relisted.isEmpty, schemas[table] == nil,
                liveByTable[table] == nil, isUncommitted(snapshot)
            {
                LeftoverSweeper.removeTree(root(table))
                continue
            }
            // A new table settled tonight without files still gets its log (empty), so that
            // its folder, which holds its schema, reads as an empty Delta table.
            let isNewTable = snapshot == nil && schemas[table] != nil
            guard !adds.isEmpty || !removes.isEmpty || !relisted.isEmpty || isNewTable else {
                continue
            }

            // A table without a log takes the partitioning its files have (a log rebuilt by
            // hand-deleting it), else the run's.
            let partitionColumns =
                snapshot?.partitionColumns ?? adds.first?.partition.map(\.0)
                ?? relisted.first?.partition.map(\.0) ?? wantedPartitionColumns
            let fields: [DeltaField]
            if let schema = try schemas[table] ?? storedSchema(table) {
                fields =
                    schema.columns.map {
                        DeltaField(name: $0.name, type: $0.type.deltaType, nullable: true)
                    }
                    + partitionColumns.map { DeltaField(name: $0, type: .string, nullable: true) }
            } else if let snapshot, !snapshot.schema.isEmpty {
                // The log's own schema: a first run killed between its table commits leaves
                // a table logged before its `_schema.json` was written.
                fields = snapshot.schema
            } else {
                throw JobError(
                    .output,
                    "The table '\(table)' has live files but neither a Delta log schema nor '_schema.json'; restore '\(table)/_schema.json' from the last manifest's 'tables' entry."
                )
            }
            let now = RunID.nowMicros() / 1000
            var addFiles = adds.map { output in
                DeltaAddFile(
                    summary: output.summary!,
                    relativePath: String(output.relativePath.dropFirst(prefix.count)),
                    partitionValues: output.partition, modificationTime: now, columns: fields)
            }
            addFiles += relisted.map { file in
                DeltaAddFile(
                    path: String(file.path.dropFirst(prefix.count)),
                    partitionValues: file.partition,
                    size: file.bytes, modificationTime: now, numRecords: file.rows)
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
        return committed
    }

    /// Whether every version of the table's log is known and came from a run without a
    /// manifest: no committed run ever listed a file in it.
    private func isUncommitted(_ snapshot: DeltaSnapshot) -> Bool {
        snapshot.commits.count == Int(snapshot.version) + 1
            && snapshot.commits.allSatisfy { commit in
                commit.runId.map { !committedRuns.contains($0) } ?? false
            }
    }

    private var wantedPartitionColumns: [String] {
        partitioning == .hour ? ["day", "hr"] : ["day"]
    }

    private func root(_ table: String) -> String {
        outputDirectory + "/" + table
    }

    /// Tables that have a Delta log in the output, so a rerun can empty a table tonight's
    /// input no longer reaches.
    private func existingDeltaTables() -> [String] {
        FileSystem.listDirectory(outputDirectory).filter { name in
            !name.hasPrefix("_") && !name.hasPrefix(".")
                && FileSystem.isDirectory(outputDirectory + "/" + name + "/_delta_log")
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
