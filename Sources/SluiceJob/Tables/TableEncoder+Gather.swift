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
        /// Per run, its cursor's index plus one, or 0 for a run without values here.
        var cursorOfRun = [Int](repeating: 0, count: order.runs.count)
        var loaded: [ColumnValues] = []
        defer { withExtendedLifetime(loaded) {} }
        for (index, source) in order.runs.enumerated() {
            guard !ranges[index].isEmpty, let key = keysOfColumn[column][source.worker],
                let stored = source.run.column(forKey: key)
            else { continue }
            let (values, range) = try source.run.values(of: stored, rows: ranges[index])
            loaded.append(values)
            cursors.append(
                ValueCursor(
                    values, range: range, dictionary: interners[source.worker].dictionary(key),
                    worker: source.worker, key: key))
            cursorOfRun[index] = cursors.count
        }

        let type = columnTypes[column]
        try withExtendedLifetime(interners) {
            try cursors.withUnsafeMutableBufferPointer { cursors in
                try order.runOfRow.withUnsafeBufferPointer { runOfRow in
                    try order.rowInRun.withUnsafeBufferPointer { rowInRun in
                        for position in slice {
                            let slot = cursorOfRun[Int(runOfRow[position])]
                            // Values of rows the order skips (dedupe losers) are passed over.
                            guard slot > 0, cursors[slot - 1].seek(rowInRun[position]) else {
                                buffer.appendNull()
                                continue
                            }
                            if !append(cursors[slot - 1], type: type, into: &buffer) {
                                buffer.appendNull()
                                let record = discard(
                                    cursors[slot - 1], column: column,
                                    header: order.header(position))
                                discards.append(PlacedDiscard(position: position, record: record))
                            }
                            cursors[slot - 1].next += 1
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
