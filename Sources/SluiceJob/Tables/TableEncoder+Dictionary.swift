import SluiceParquet
import SluiceWarehouse
import Synchronization

/// The dictionary a `string` column's buffer refers to when every value is a string its
/// worker interned: each worker's dictionary of the column's key, back to back, and where
/// each worker's ids start in it (zero for a worker without one).
typealias SharedDictionary = (entries: ParquetStringDictionary, base: [Int])

/// Each column's `SharedDictionary` over every worker whose runs of a table hold it, made
/// the first time a partition needs it and kept for the table's other partitions, which
/// would otherwise copy every worker's strings of the key again, once per partition.
///
/// Any number of table threads may ask at once; two asking for one column at the same time
/// may both build it, and both get the one stored first.
final class SharedDictionaryCache: Sendable {
    private let built = Mutex<[Int: SharedDictionary]>([:])

    /// Column `column`'s dictionary, made by `build` if no one has made it yet.
    func dictionary(column: Int, build: () -> SharedDictionary) -> SharedDictionary {
        if let found = built.withLock({ $0[column] }) { return found }
        let made = build()
        return built.withLock { built in
            if let found = built[column] { return found }
            built[column] = made
            return made
        }
    }
}

extension TableEncoder {
    /// The dictionary column `column`'s buffer for the rows `ranges` of `order` can refer to,
    /// when every value the slice reads is an interned string (or null): the table's, when
    /// that holds for all of the table's runs, else one of the partition's workers only. Nil
    /// when a run holds the column's values otherwise (then they are gathered as bytes).
    ///
    /// Ids index their entries by bytes only (`ParquetColumnBuffer`), so a dictionary with
    /// more workers' entries gives the same column chunk.
    func sharedDictionary(column: Int, order: PartitionOrder, ranges: [Range<Int>])
        -> SharedDictionary?
    {
        let visited = order.runs.indices.lazy.filter { !ranges[$0].isEmpty }.map {
            order.runs[$0]
        }
        guard let workers = internedWorkers(column: column, runs: visited) else { return nil }
        guard let tableWorkers = tableInternedWorkers[column] else {
            return makeSharedDictionary(column: column, workers: workers)
        }
        return sharedDictionaries.dictionary(column: column) {
            makeSharedDictionary(column: column, workers: tableWorkers)
        }
    }

    /// The workers of `runs` holding a column of `type` whose keys per worker are
    /// `keysOfColumn`, in order, when each of `runs` holds it as interned strings and nulls
    /// only, under one key; nil otherwise, or when none holds it.
    static func internedWorkers(
        type: WarehouseType, keys keysOfColumn: [[UInt32]],
        runs: some Sequence<(worker: Int, run: ColumnRun)>
    ) -> [Int]? {
        guard type == .string else { return nil }
        let allowed = ValueKind.internedString.bit | ValueKind.null.bit
        var holds = [Bool](repeating: false, count: keysOfColumn.count)
        for source in runs {
            let keys = keysOfColumn[source.worker]
            // A column fed by several paths is gathered as bytes.
            guard keys.count <= 1 else { return nil }
            guard let key = keys.first, let stored = source.run.column(forKey: key) else {
                continue
            }
            guard stored.kindMask & ~allowed == 0 else { return nil }
            holds[source.worker] = true
        }
        let workers = holds.indices.filter { holds[$0] }
        return workers.isEmpty ? nil : workers
    }

    private func internedWorkers(
        column: Int, runs: some Sequence<(worker: Int, run: ColumnRun)>
    ) -> [Int]? {
        Self.internedWorkers(type: columnTypes[column], keys: keysOfColumn[column], runs: runs)
    }

    /// The dictionaries of `workers` for column `column`'s key, back to back, copied in one
    /// pass into arrays sized up front.
    private func makeSharedDictionary(column: Int, workers: [Int]) -> SharedDictionary {
        var parts: [(worker: Int, dictionary: KeyDictionary)] = []
        for worker in workers {
            guard let key = keysOfColumn[column][worker].first,
                let dictionary = interners[worker].dictionary(key)
            else { continue }
            parts.append((worker, dictionary))
        }
        let byteCount = parts.reduce(0) { $0 + $1.dictionary.entryByteCount }
        let entryCount = parts.reduce(0) { $0 + $1.dictionary.count }

        var base = [Int](repeating: 0, count: interners.count)
        var utf8: [UInt8] = []
        // One spare element each, so that the buffers have an address even when empty.
        let ends = [Int](unsafeUninitializedCapacity: entryCount + 1) { ends, endCount in
            utf8 = [UInt8](unsafeUninitializedCapacity: byteCount + 1) { bytes, written in
                var (offset, entries) = (0, 0)
                for (worker, dictionary) in parts {
                    base[worker] = entries
                    offset = dictionary.copyEntries(
                        to: UnsafeMutableRawPointer(bytes.baseAddress!), from: offset,
                        ends: ends.baseAddress! + entries)
                    entries += dictionary.count
                }
                precondition(
                    offset == byteCount && entries == entryCount,
                    "shared dictionary copied \(offset) bytes and \(entries) entries, not \(byteCount) and \(entryCount)"
                )
                written = offset
            }
            endCount = entryCount
        }
        return (ParquetStringDictionary(utf8: utf8, ends: ends), base)
    }
}
