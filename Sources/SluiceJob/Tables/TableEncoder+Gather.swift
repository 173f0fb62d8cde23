import SluiceJSON
import SluiceParquet

extension TableEncoder {
    /// One run's values of the column being gathered, with a cursor that moves forward as
    /// the output visits the run's rows in ascending order.
    struct RunCursor {
        let values: ColumnValues
        let worker: Int
        let key: UInt32
        var next: Int
        let end: Int
    }

    /// Fills `buffer` with column `column`'s value of every output row of `slice`, reading
    /// each run's values of the rows it spans once.
    func gather(
        column: Int, order: PartitionOrder, slice: Range<Int>, ranges: [Range<Int>],
        into buffer: inout ParquetColumnBuffer, discards: inout [PlacedDiscard]
    ) throws {
        var cursors: [RunCursor?] = []
        for (index, source) in order.runs.enumerated() {
            guard !ranges[index].isEmpty, let key = keysOfColumn[column][source.worker],
                let stored = source.run.column(forKey: key)
            else {
                cursors.append(nil)
                continue
            }
            let (values, range) = try source.run.values(of: stored, rows: ranges[index])
            cursors.append(
                RunCursor(
                    values: values, worker: source.worker, key: key, next: range.lowerBound,
                    end: range.upperBound))
        }

        let type = columnTypes[column]
        for position in slice {
            let run = Int(order.runOfRow[position])
            guard var cursor = cursors[run] else {
                buffer.appendNull()
                continue
            }
            let row = order.rowInRun[position]
            // Values of rows the order skips (dedupe losers) are passed over.
            while cursor.next < cursor.end, cursor.values.rows[cursor.next] < row {
                cursor.next += 1
            }
            if cursor.next < cursor.end, cursor.values.rows[cursor.next] == row {
                if !append(cursor, type: type, into: &buffer) {
                    buffer.appendNull()
                    let record = discard(cursor, column: column, header: order.header(position))
                    discards.append(PlacedDiscard(position: position, record: record))
                }
                cursor.next += 1
            } else {
                buffer.appendNull()
            }
            cursors[run] = cursor
        }
    }

    private func discard(_ cursor: RunCursor, column: Int, header: RowHeader) -> DiscardRecord {
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
