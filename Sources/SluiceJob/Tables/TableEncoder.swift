import SluiceJSON
import SluiceParquet
import SluiceReader
import SluiceWarehouse

/// Builds the Parquet column buffers of one table's settled schema from its runs, one column
/// and one row group at a time, so the columns of a row group can be built on several
/// threads at once.
///
/// Conversion follows the warehouse stage's rules (`CellConversion`): null fits every type;
/// `boolean` takes booleans; `int64` takes whole numbers within Int64; `double` takes finite
/// numbers; `string` takes strings, numbers (as written) and booleans; `json` takes anything
/// as compact JSON; `timestamp` takes parsed times and strings that parse. A value that does
/// not fit becomes null and a discard. Immutable; one encoder serves one table, from any
/// number of threads.
struct TableEncoder: @unchecked Sendable {
    let schema: TableSchema
    let table: String
    /// The run's id as UTF-8, the value of `sluice_run_id` on every row.
    let runIdBytes: [UInt8]
    let loadedAtMicros: Int64
    /// Per column, per worker: the keys whose values fill it, in the order of the column's
    /// source paths (a column may hold several: a row takes the first path's value it has).
    let keysOfColumn: [[[UInt32]]]
    /// Each column's type.
    let columnTypes: [WarehouseType]
    let loadedAtColumn: Int?
    let runIdColumn: Int?
    let overflowColumn: Int?
    /// Per worker, the keys whose values go to the overflow column, by source path order.
    let overflowKeys: [[(path: String, key: UInt32)]]
    /// Per worker, the source path of each key.
    let keyPaths: [[String]]
    /// Per worker, the strings its values hold by id.
    let interners: [StringInterner]
    /// The messageId and origin of a row, for discard records.
    let originOf: (RowHeader) -> (messageId: String, origin: EventOrigin)
    /// Per column, the workers whose strings make its `SharedDictionary` when every run of
    /// the table holds it as interned strings; nil when some run does not.
    let tableInternedWorkers: [[Int]?]
    let sharedDictionaries = SharedDictionaryCache()

    init(
        schema: TableSchema, table: String, runId: String, loadedAtMicros: Int64,
        workers: [WorkerRows], runs: [(worker: Int, run: ColumnRun)], overflow: Set<String>,
        originOf: @escaping (RowHeader) -> (messageId: String, origin: EventOrigin)
    ) {
        let lookup = ColumnLookup(schema)
        self.schema = schema
        self.table = table
        runIdBytes = Array(runId.utf8)
        self.loadedAtMicros = loadedAtMicros
        keyPaths = workers.map(\.keys.paths)
        interners = workers.map(\.interner)
        self.originOf = originOf
        overflowColumn =
            overflow.isEmpty ? nil : lookup.columnIndex(named: TableStage.overflowColumnName)

        var standardByPath: [String: Int] = [:]
        for column in StandardColumns.columns(for: schema.kind) {
            if let index = lookup.columnIndex(named: column.name) {
                standardByPath[column.sourcePath] = index
            }
        }
        var keysOfColumn = [[[UInt32]]](
            repeating: Array(repeating: [], count: workers.count), count: schema.columns.count)
        var overflowKeys = [[(path: String, key: UInt32)]](repeating: [], count: workers.count)
        // Only the keys the table's runs hold: a worker's key table spans every table.
        var keysInRuns = [Set<UInt32>](repeating: [], count: workers.count)
        for source in runs { keysInRuns[source.worker].formUnion(source.run.columns.map(\.key)) }
        for (worker, paths) in keyPaths.enumerated() {
            var placed: [(column: Int, position: Int, key: UInt32)] = []
            for key in keysInRuns[worker].sorted() {
                let path = paths[Int(key)]
                if let column = standardByPath[path] {
                    placed.append((column, 0, key))
                } else if let column = lookup.columnIndex(forSourcePath: path) {
                    let position = schema.columns[column].sourcePaths.firstIndex(of: path) ?? 0
                    placed.append((column, position, key))
                } else if overflowColumn != nil, overflow.contains(path) {
                    overflowKeys[worker].append((path, key))
                }
            }
            for entry in placed.sorted(by: { ($0.column, $0.position) < ($1.column, $1.position) })
            {
                keysOfColumn[entry.column][worker].append(entry.key)
            }
            overflowKeys[worker].sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        }
        self.keysOfColumn = keysOfColumn
        self.overflowKeys = overflowKeys
        let columnTypes = schema.columns.map(\.type)
        self.columnTypes = columnTypes
        tableInternedWorkers = columnTypes.indices.map {
            Self.internedWorkers(type: columnTypes[$0], keys: keysOfColumn[$0], runs: runs)
        }
        loadedAtColumn = lookup.columnIndex(named: "loaded_at")
        runIdColumn = lookup.columnIndex(named: "sluice_run_id")
    }

    var columnSpecs: [ParquetColumnSpec] {
        schema.columns.map {
            ParquetColumnSpec(name: $0.name, type: $0.type.parquetType, isOptional: true)
        }
    }

    /// The bytes `runs` hold for each column, all their rows counted: 8 a value plus its text.
    func columnBytes(runs: [(worker: Int, run: ColumnRun)]) -> [Int] {
        keysOfColumn.map { keys in
            runs.reduce(0) { total, source in
                keys[source.worker].reduce(total) { total, key in
                    guard let column = source.run.column(forKey: key) else { return total }
                    return total + column.count * 8 + column.textBytes
                }
            }
        }
    }

    /// The columns' indexes, the costliest to build first (by `columnBytes`), so that
    /// threads taking columns in this order finish together: a row group waits for its
    /// slowest column, and starting the id and text columns first keeps them from being the
    /// last ones left.
    static func columnsByCost(_ bytes: [Int]) -> [Int] {
        bytes.indices.sorted { (bytes[$0], $1) > (bytes[$1], $0) }
    }

    /// The buffer of column `column` for the output rows of `placement`'s slice of `order`;
    /// values that do not fit the column's type are nulls in it and records in `discards`.
    func buffer(
        column: Int, order: PartitionOrder, placement: SlicePlacement,
        discards: inout [PlacedDiscard]
    ) throws -> ParquetColumnBuffer {
        let slice = placement.slice
        var buffer = ParquetColumnBuffer(type: columnTypes[column].parquetType)
        if column == loadedAtColumn {
            buffer.reserveCapacity(rows: slice.count)
            for _ in slice { buffer.append(loadedAtMicros) }
        } else if column == runIdColumn {
            let dictionary = ParquetStringDictionary(utf8: runIdBytes, ends: [runIdBytes.count])
            buffer = ParquetColumnBuffer(type: .string, dictionary: dictionary)
            let zeros = [UInt32](repeating: 0, count: slice.count)
            zeros.withUnsafeBufferPointer { buffer.append(dictionaryIndexes: $0) }
        } else if column == overflowColumn {
            try gatherOverflow(
                order: order, slice: slice, ranges: placement.ranges, into: &buffer)
        } else if let (dictionary, base) = sharedDictionary(
            column: column, order: order, ranges: placement.ranges)
        {
            buffer = ParquetColumnBuffer(type: .string, dictionary: dictionary)
            try gatherInterned(
                column: column, order: order, placement: placement, base: base, into: &buffer)
        } else {
            try gather(
                column: column, order: order, placement: placement, into: &buffer,
                discards: &discards)
        }
        return buffer
    }
}

/// A discard and the output row it came from.
struct PlacedDiscard {
    var position: Int
    var record: DiscardRecord
}

extension WarehouseType {
    /// The Parquet column type that stores this warehouse type.
    var parquetType: ParquetColumnType {
        switch self {
        case .boolean: return .boolean
        case .int64: return .int64
        case .double: return .double
        case .string: return .string
        case .json: return .json
        case .timestamp: return .timestampMicros
        }
    }
}
