// Delta Transaction Log Protocol, "Checkpoints" (V1 spec): a Parquet file with one column
// per action type, each a struct of the action's fields, and one action per row (the other
// columns null). `add.partitionValues` and the metaData maps are map<string,string>,
// `metaData.partitionColumns` a list<string>. The field set and nullability follow what
// delta-rs and Delta Spark write, minus fields this writer never sets (tags, deletion
// vectors, row tracking, domain metadata), which readers treat as null.

import SluiceParquet

/// The checkpoint's top-level columns and how snapshot state becomes rows.
enum CheckpointSchema {
    static let fields: [ParquetNestedNode] = [
        .group(
            "txn", .optional, nil,
            [
                .leaf("appId", .string, .required), .leaf("version", .int64, .required),
                .leaf("lastUpdated", .int64, .optional),
            ]),
        .group(
            "add", .optional, nil,
            [
                .leaf("path", .string, .required), .stringMap("partitionValues", .required),
                .leaf("size", .int64, .required), .leaf("modificationTime", .int64, .required),
                .leaf("dataChange", .boolean, .required), .leaf("stats", .string, .optional),
            ]),
        .group(
            "remove", .optional, nil,
            [
                .leaf("path", .string, .required), .leaf("deletionTimestamp", .int64, .optional),
                .leaf("dataChange", .boolean, .required),
                .leaf("extendedFileMetadata", .boolean, .optional),
                .stringMap("partitionValues", .optional), .leaf("size", .int64, .optional),
            ]),
        .group(
            "metaData", .optional, nil,
            [
                .leaf("id", .string, .required), .leaf("name", .string, .optional),
                .leaf("description", .string, .optional),
                .group(
                    "format", .required, nil,
                    [.leaf("provider", .string, .required), .stringMap("options", .required)]),
                .leaf("schemaString", .string, .required), .stringList("partitionColumns"),
                .leaf("createdTime", .int64, .optional), .stringMap("configuration", .required),
            ]),
        .group(
            "protocol", .optional, nil,
            [
                .leaf("minReaderVersion", .int32, .required),
                .leaf("minWriterVersion", .int32, .required),
            ]),
    ]

    /// A row holding `value` in column `index` (0 txn, 1 add, 2 remove, 3 metaData,
    /// 4 protocol) and null elsewhere.
    static func row(_ index: Int, _ value: ParquetNestedValue) -> [ParquetNestedValue] {
        var row = [ParquetNestedValue](repeating: .null, count: fields.count)
        row[index] = value
        return row
    }

    /// Every row of the checkpoint of `snapshot`: protocol, metaData, the latest txn per
    /// appId, the live files and the tombstones removed less than `retention` ms before `now`.
    static func rows(of snapshot: DeltaSnapshot, now: Int64, retention: Int64)
        -> [[ParquetNestedValue]]
    {
        var rows = [
            row(
                4,
                .group([
                    .int32(Int32(snapshot.minReaderVersion)),
                    .int32(Int32(snapshot.minWriterVersion)),
                ])),
            row(3, metadata(snapshot)),
        ]
        for (appId, version) in snapshot.transactions.sorted(by: { $0.key < $1.key }) {
            let updated = ParquetNestedValue.optional(snapshot.transactionTimes[appId])
            rows.append(row(0, .group([.string(appId), .int64(version), updated])))
        }

        let columns = snapshot.schema.map(\.name).filter { !snapshot.partitionColumns.contains($0) }
        for file in snapshot.files { rows.append(row(1, add(file, columns: columns))) }
        let tombstones = snapshot.tombstones.values.filter {
            now - $0.deletionTimestamp < retention
        }
        for file in tombstones.sorted(by: { $0.path < $1.path }) {
            rows.append(row(2, remove(file)))
        }
        return rows
    }

    private static func metadata(_ snapshot: DeltaSnapshot) -> ParquetNestedValue {
        .group([
            .string(snapshot.tableId), .null, .null,
            .group([.string("parquet"), .map([])]),
            .string(DeltaField.schemaString(of: snapshot.schema)), .list(snapshot.partitionColumns),
            .optional(snapshot.createdTime), .map(snapshot.configuration),
        ])
    }

    /// Files in a checkpoint are state, not changes: `dataChange` is false.
    private static func add(_ file: DeltaAddFile, columns: [String]) -> ParquetNestedValue {
        .group([
            .string(file.encodedPath), .map(file.partitionValues), .int64(file.size),
            .int64(file.modificationTime), .boolean(false),
            .optional(file.hasStatistics ? file.statisticsJSON(columnOrder: columns) : nil),
        ])
    }

    private static func remove(_ file: DeltaRemovedFile) -> ParquetNestedValue {
        .group([
            .string(file.encodedPath), .int64(file.deletionTimestamp), .boolean(false),
            .boolean(file.size != nil), .map(file.partitionValues), .optional(file.size),
        ])
    }
}
