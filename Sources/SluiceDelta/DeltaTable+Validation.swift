// Delta Transaction Log Protocol, "Schema Serialization Format" (column names unique
// regardless of case), "Add File and Remove File" (at most one add and one remove per path
// in a version), "Append-only Tables" and "Writer Version Requirements".

extension DeltaTable {
    /// Throws `invalidCommit` or `unsupportedTable` unless `plan` can be committed on top of
    /// `current` without making the table unreadable or inconsistent.
    func validate(_ plan: CommitPlan, against current: DeltaSnapshot?) throws {
        if let current { try checkWritable(current) }
        try checkSchema(plan, current: current)
        try checkFiles(plan, current: current)
        if let current { try checkEvolution(plan, from: current) }
    }

    private func checkWritable(_ current: DeltaSnapshot) throws {
        let readable = current.minReaderVersion <= Self.minReaderVersion
        guard readable, current.minWriterVersion <= Self.minWriterVersion else {
            throw invalid(
                .unsupportedTable,
                "The table requires reader version \(current.minReaderVersion) and writer version \(current.minWriterVersion); this writer implements reader 1 and writer 2 only.",
                current)
        }
        let mapping = current.configuration.last { $0.0 == "delta.columnMapping.mode" }?.1
        if let mapping, mapping != "none" {
            throw invalid(
                .unsupportedTable,
                "The table uses column mapping, which this writer does not implement.", current)
        }
    }

    private func checkSchema(_ plan: CommitPlan, current: DeltaSnapshot?) throws {
        guard !plan.schema.isEmpty else {
            throw invalid(.invalidCommit, "The schema has no columns.", current)
        }
        var seen = Set<String>()
        for field in plan.schema {
            guard !field.name.isEmpty, seen.insert(field.name.lowercased()).inserted else {
                throw invalid(
                    .invalidCommit,
                    "Column name '\(field.name)' is empty or repeated (names must be unique regardless of case).",
                    current)
            }
        }
        for column in plan.partitionColumns
        where !plan.schema.contains(where: { $0.name == column }) {
            throw invalid(
                .invalidCommit, "Partition column '\(column)' is not in the schema.", current)
        }
        if Set(plan.partitionColumns).count != plan.partitionColumns.count {
            throw invalid(
                .invalidCommit, "A partition column is listed twice in \(plan.partitionColumns).",
                current)
        }
    }

    private func checkFiles(_ plan: CommitPlan, current: DeltaSnapshot?) throws {
        var added = Set<String>()
        for file in plan.adds {
            guard !file.path.isEmpty, !file.path.hasPrefix("/"), added.insert(file.path).inserted
            else {
                throw invalid(
                    .invalidCommit,
                    "Added file path '\(file.path)' is empty, absolute or added twice.", current)
            }
            guard file.partitionValues.map(\.0).sorted() == plan.partitionColumns.sorted() else {
                throw invalid(
                    .invalidCommit,
                    "File '\(file.path)' has partition values for \(file.partitionValues.map(\.0)) but the table is partitioned by \(plan.partitionColumns).",
                    current)
            }
            if current?.containsFile(file.path) == true && !plan.removes.contains(file.path) {
                throw invalid(
                    .invalidCommit,
                    "File '\(file.path)' is already in the table; give new data files new names.",
                    current)
            }
        }
        for path in plan.removes {
            guard current?.containsFile(path) == true, !added.contains(path) else {
                throw invalid(
                    .invalidCommit,
                    "Cannot remove '\(path)': it is not a live file of the table, or it is also added by this commit.",
                    current)
            }
        }
        if !plan.removes.isEmpty, current?.isEnabled("delta.appendOnly") == true {
            throw invalid(
                .invalidCommit,
                "The table is append-only (delta.appendOnly=true), so files cannot be removed.",
                current)
        }
        if Set(plan.removes).count != plan.removes.count {
            throw invalid(.invalidCommit, "A file is removed twice in one commit.", current)
        }
    }

    /// Existing columns keep their type; with files left from earlier commits, new columns
    /// must be nullable (old files lack them), existing ones may not become required, and
    /// the partition columns cannot change.
    private func checkEvolution(_ plan: CommitPlan, from current: DeltaSnapshot) throws {
        let remaining = current.liveFiles.count - plan.removes.count
        for old in current.schema {
            guard let new = plan.schema.first(where: { $0.name == old.name }) else { continue }
            if new.type != old.type {
                throw invalid(
                    .invalidCommit,
                    "Column '\(old.name)' would change type from \(old.type.rawValue) to \(new.type.rawValue); existing files could no longer be read.",
                    current)
            }
            if remaining > 0 && old.nullable && !new.nullable {
                throw invalid(
                    .invalidCommit,
                    "Column '\(old.name)' cannot become non-nullable while earlier files remain.",
                    current)
            }
        }
        guard remaining > 0 else { return }

        for new in plan.schema
        where !new.nullable && !current.schema.contains(where: { $0.name == new.name }) {
            throw invalid(
                .invalidCommit, "New column '\(new.name)' must be nullable: earlier files lack it.",
                current)
        }
        if plan.partitionColumns != current.partitionColumns {
            throw invalid(
                .invalidCommit,
                "The partition columns cannot change from \(current.partitionColumns) to \(plan.partitionColumns) while earlier files remain; remove them all in the same commit.",
                current)
        }
    }

    private func invalid(_ code: DeltaError.Code, _ message: String, _ current: DeltaSnapshot?)
        -> DeltaError
    {
        DeltaError(code, message, table: root, version: (current?.version ?? -1) + 1)
    }
}
