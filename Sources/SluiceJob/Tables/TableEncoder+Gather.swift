import SluiceJSON
import SluiceParquet

extension TableEncoder {
    /// The mark of an output row that no value fills (a null).
    private static let unfilled = UInt64.max

    /// Fills `buffer` with column `column`'s value of every output row of the placement's
    /// slice. Each run's values of the rows the slice spans are read once and placed in
    /// their output rows; a row takes its value of the first of the column's keys it holds,
    /// and a row holding none is null.
    func gather(
        column: Int, order: PartitionOrder, placement: SlicePlacement,
        into buffer: inout ParquetColumnBuffer, discards: inout [PlacedDiscard]
    ) throws {
        var cursors: [ValueCursor] = []
        var loaded: [ColumnValues] = []
        defer { withExtendedLifetime(loaded) {} }
        // Per output row, the cursor (high half) and value index (low half) that fill it.
        var sources = [UInt64](repeating: Self.unfilled, count: placement.slice.count)
        for (index, source) in order.runs.enumerated() where !placement.ranges[index].isEmpty {
            for key in keysOfColumn[column][source.worker] {
                guard let stored = source.run.column(forKey: key) else { continue }
                let rows = placement.ranges[index]
                let (values, range) = try source.run.values(of: stored, rows: rows)
                precondition(
                    range.upperBound <= Int(UInt32.max),
                    "Column of key \(key) holds \(range.upperBound) values, past 32-bit indexes")
                loaded.append(values)
                let cursor = ValueCursor(
                    values, at: 0, dictionary: interners[source.worker].dictionary(key),
                    worker: source.worker, key: key)
                let tag = UInt64(cursors.count) << 32
                cursors.append(cursor)
                // Keys come in source path order, so a row keeps the first key's value.
                placement.slots[index].withUnsafeBufferPointer { slots in
                    sources.withUnsafeMutableBufferPointer { sources in
                        cursor.forEachPlaced(range, slots: slots, low: rows.lowerBound) {
                            if sources[$0] == Self.unfilled { sources[$0] = tag | UInt64($1) }
                        }
                    }
                }
            }
        }

        // Rows are converted into staging, which the buffer takes in one call.
        let type = columnTypes[column]
        var staging = ColumnStaging(rows: placement.slice.count)
        var nulls = 0
        withExtendedLifetime(interners) {
            cursors.withUnsafeMutableBufferPointer { cursors in
                for (row, source) in sources.enumerated() {
                    guard source != Self.unfilled else {
                        nulls += 1
                        continue
                    }
                    if nulls > 0 {
                        staging.appendNulls(nulls)
                        nulls = 0
                    }
                    let found = Int(source >> 32)
                    cursors[found].index = Int(source & 0xFFFF_FFFF)
                    if !append(cursors[found], type: type, into: &staging) {
                        staging.appendNull()
                        let position = placement.slice.lowerBound + row
                        let record = discard(
                            cursors[found], column: column, header: order.header(position))
                        discards.append(PlacedDiscard(position: position, record: record))
                    }
                }
            }
        }
        staging.appendNulls(nulls)
        staging.move(into: &buffer)
    }

    private func discard(_ cursor: ValueCursor, column: Int, header: RowHeader) -> DiscardRecord {
        let (messageId, origin) = originOf(header)
        let text = cursor.jsonText
        let value = (try? JSONParser().parse(text)) ?? .string(text)
        let type = schema.columns[column].type
        let isNumber = [.integer, .integerText, .fraction].contains(cursor.kind)
        let reason =
            type == .double && isNumber && text.allSatisfy({ $0 != "." && $0 != "e" && $0 != "E" })
            ? "The integer has no exact DOUBLE (integers past 2^53 are not all doubles), and the nearest double would change it; send such numbers as strings."
            : "The value does not fit the column's type '\(type.rawValue)'."
        return DiscardRecord(
            kind: "type_mismatch", table: table, column: schema.columns[column].name,
            field: keyPaths[cursor.worker][Int(cursor.key)], value: value, reason: reason,
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
    /// Fills the dictionary-backed `buffer` with column `column`'s value of every output row
    /// of the placement's slice: an interned string's id in the shared dictionary, or a null.
    func gatherInterned(
        column: Int, order: PartitionOrder, placement: SlicePlacement, base: [Int],
        into buffer: inout ParquetColumnBuffer
    ) throws {
        // Ids are placed in an array and handed over in one call; a null is `UInt32.max`.
        var ids = [UInt32](repeating: .max, count: placement.slice.count)
        for (index, source) in order.runs.enumerated() {
            let rows = placement.ranges[index]
            guard !rows.isEmpty, let key = keysOfColumn[column][source.worker].first,
                let stored = source.run.column(forKey: key)
            else { continue }
            let (values, range) = try source.run.values(of: stored, rows: rows)
            let cursor = ValueCursor(
                values, at: 0, dictionary: nil, worker: source.worker, key: key)
            let first = UInt32(base[source.worker])
            let interned = ValueKind.internedString.rawValue
            withExtendedLifetime(values) {
                placement.slots[index].withUnsafeBufferPointer { slots in
                    ids.withUnsafeMutableBufferPointer { ids in
                        cursor.forEachPlaced(range, slots: slots, low: rows.lowerBound) {
                            guard cursor.kinds[$1] == interned else { return }
                            ids[$0] = first + UInt32(cursor.payloads[$1])
                        }
                    }
                }
            }
        }
        ids.withUnsafeBufferPointer { buffer.append(dictionaryIndexes: $0, nullIndex: .max) }
    }
}
