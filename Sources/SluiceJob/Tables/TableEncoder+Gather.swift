import SluiceJSON
import SluiceParquet

extension TableEncoder {
    /// Fills `buffer` with column `column`'s value of every output row of `slice`, reading
    /// each run's values of the rows it spans once.
    func gather(
        column: Int, order: PartitionOrder, slice: Range<Int>, ranges: [Range<Int>],
        into buffer: inout ParquetColumnBuffer, discards: inout [PlacedDiscard]
    ) throws {
        var cursors: [ValueCursor] = []
        /// Per run, its cursors' indexes: one per key of the column the run holds, in the
        /// order of the column's source paths.
        var cursorsOfRun = [Range<Int>](repeating: 0..<0, count: order.runs.count)
        var loaded: [ColumnValues] = []
        defer { withExtendedLifetime(loaded) {} }
        for (index, source) in order.runs.enumerated() where !ranges[index].isEmpty {
            let first = cursors.count
            for key in keysOfColumn[column][source.worker] {
                guard let stored = source.run.column(forKey: key) else { continue }
                let (values, range) = try source.run.values(of: stored, rows: ranges[index])
                loaded.append(values)
                cursors.append(
                    ValueCursor(
                        values, range: range, dictionary: interners[source.worker].dictionary(key),
                        worker: source.worker, key: key))
            }
            cursorsOfRun[index] = first..<cursors.count
        }

        let type = columnTypes[column]
        try withExtendedLifetime(interners) {
            try cursors.withUnsafeMutableBufferPointer { cursors in
                try order.runOfRow.withUnsafeBufferPointer { runOfRow in
                    try order.rowInRun.withUnsafeBufferPointer { rowInRun in
                        for position in slice {
                            let row = rowInRun[position]
                            // Values of rows the order skips (dedupe losers), and of keys a
                            // row's earlier key has filled, are passed over by the next seek.
                            guard
                                let found = cursorsOfRun[Int(runOfRow[position])].first(where: {
                                    cursors[$0].seek(row)
                                })
                            else {
                                buffer.appendNull()
                                continue
                            }
                            if !append(cursors[found], type: type, into: &buffer) {
                                buffer.appendNull()
                                let record = discard(
                                    cursors[found], column: column,
                                    header: order.header(position))
                                discards.append(PlacedDiscard(position: position, record: record))
                            }
                            cursors[found].next += 1
                        }
                    }
                }
            }
        }
    }

    private func discard(_ cursor: ValueCursor, column: Int, header: RowHeader) -> DiscardRecord {
        let (messageId, origin) = originOf(header)
        let text = jsonText(cursor)
        let value = (try? JSONParser().parse(text)) ?? .string(text)
        let type = schema.columns[column].type
        return DiscardRecord(
            kind: "type_mismatch", table: table, column: schema.columns[column].name,
            field: keyPaths[cursor.worker][Int(cursor.key)], value: value,
            reason: "The value does not fit the column's type '\(type.rawValue)'.",
            messageId: messageId, origin: origin)
    }
}

extension PartitionOrder {
    /// The header of output row `position`.
    func header(_ position: Int) -> RowHeader {
        runs[Int(runOfRow[position])].run.headers[Int(rowInRun[position])]
    }
}

extension TableEncoder {
    /// The dictionary a `string` column's buffer can refer to when every value the slice
    /// reads is a string its worker interned: each worker's dictionary of the column's key,
    /// back to back, and where each worker's ids start in it. Nil when any run holds the
    /// column's values otherwise (then they are gathered as bytes).
    func sharedDictionary(column: Int, order: PartitionOrder, ranges: [Range<Int>])
        -> (ParquetStringDictionary, base: [Int])?
    {
        guard columnTypes[column] == .string else { return nil }
        let allowed = ValueKind.internedString.bit | ValueKind.null.bit
        var workers = Set<Int>()
        for (index, source) in order.runs.enumerated() where !ranges[index].isEmpty {
            let keys = keysOfColumn[column][source.worker]
            // A column fed by several paths is gathered as bytes.
            guard keys.count <= 1 else { return nil }
            guard let key = keys.first, let stored = source.run.column(forKey: key) else {
                continue
            }
            guard stored.kindMask & ~allowed == 0 else { return nil }
            workers.insert(source.worker)
        }
        guard !workers.isEmpty else { return nil }

        var utf8: [UInt8] = []
        var ends: [Int] = []
        var base = [Int](repeating: 0, count: interners.count)
        for worker in workers.sorted() {
            guard let key = keysOfColumn[column][worker].first,
                let dictionary = interners[worker].dictionary(key)
            else { continue }
            base[worker] = ends.count
            dictionary.appendEntries(to: &utf8, ends: &ends)
        }
        return (ParquetStringDictionary(utf8: utf8, ends: ends), base)
    }

    /// Fills the dictionary-backed `buffer` with column `column`'s value of every output row
    /// of `slice`: an interned string's id in the shared dictionary, or a null.
    func gatherInterned(
        column: Int, order: PartitionOrder, slice: Range<Int>, ranges: [Range<Int>],
        base: [Int], into buffer: inout ParquetColumnBuffer
    ) throws {
        var cursors: [ValueCursor] = []
        var cursorOfRun = [Int](repeating: 0, count: order.runs.count)
        var loaded: [ColumnValues] = []
        defer { withExtendedLifetime(loaded) {} }
        for (index, source) in order.runs.enumerated() {
            guard !ranges[index].isEmpty, let key = keysOfColumn[column][source.worker].first,
                let stored = source.run.column(forKey: key)
            else { continue }
            let (values, range) = try source.run.values(of: stored, rows: ranges[index])
            loaded.append(values)
            cursors.append(
                ValueCursor(
                    values, range: range, dictionary: nil, worker: source.worker, key: key))
            cursorOfRun[index] = cursors.count
        }

        // Ids are built in an array and handed over in one call; a null is `UInt32.max`.
        var ids = [UInt32](repeating: .max, count: slice.count)
        ids.withUnsafeMutableBufferPointer { ids in
            cursors.withUnsafeMutableBufferPointer { cursors in
                order.runOfRow.withUnsafeBufferPointer { runOfRow in
                    order.rowInRun.withUnsafeBufferPointer { rowInRun in
                        for (row, position) in slice.enumerated() {
                            let slot = cursorOfRun[Int(runOfRow[position])]
                            guard slot > 0, cursors[slot - 1].seek(rowInRun[position]) else {
                                continue
                            }
                            let cursor = cursors[slot - 1]
                            if cursor.kind == .internedString {
                                ids[row] = UInt32(base[cursor.worker] + Int(cursor.payload))
                            }
                            cursors[slot - 1].next += 1
                        }
                    }
                }
            }
        }
        ids.withUnsafeBufferPointer { buffer.append(dictionaryIndexes: $0, nullIndex: .max) }
    }
}
