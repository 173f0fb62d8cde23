import SluiceJSON
import SluiceParquet

extension TableEncoder {
    /// One overflow value of a run: its row, its key's place in source path order, the
    /// column it was read from (an index into the loaded columns), and its index there.
    private struct OverflowEntry {
        var row: UInt32
        var order: Int32
        var column: Int32
        var value: Int32
    }

    /// Fills `buffer` with the overflow column of every output row of `slice`: a JSON object
    /// of the row's fields that got no column, `{"properties.k9001": 7, ...}`, keyed by
    /// source path in path order; null for a row without any.
    func gatherOverflow(
        order: PartitionOrder, slice: Range<Int>, ranges: [Range<Int>],
        into buffer: inout ParquetColumnBuffer
    ) throws {
        var loaded: [ColumnValues] = []
        var loadedFrom: [(worker: Int, key: UInt32)] = []
        defer { withExtendedLifetime(loaded) {} }
        var entries: [[OverflowEntry]] = []
        var next: [Int] = []
        defer { withExtendedLifetime(interners) {} }
        for (index, source) in order.runs.enumerated() {
            var runEntries: [OverflowEntry] = []
            let keys = ranges[index].isEmpty ? [] : overflowKeys[source.worker]
            for (position, (_, key)) in keys.enumerated() {
                guard let stored = source.run.column(forKey: key) else { continue }
                let (values, range) = try source.run.values(of: stored, rows: ranges[index])
                for value in range {
                    runEntries.append(
                        OverflowEntry(
                            row: values.rows[value], order: Int32(position),
                            column: Int32(loaded.count), value: Int32(value)))
                }
                loaded.append(values)
                loadedFrom.append((source.worker, key))
            }
            // A row's fields in path order; one key's repeated values in the order they came.
            runEntries.sort { ($0.row, $0.order, $0.value) < ($1.row, $1.order, $1.value) }
            entries.append(runEntries)
            next.append(0)
        }

        var object: [UInt8] = []
        for position in slice {
            let run = Int(order.runOfRow[position])
            let row = order.rowInRun[position]
            object.removeAll(keepingCapacity: true)
            while next[run] < entries[run].count, entries[run][next[run]].row <= row {
                let entry = entries[run][next[run]]
                next[run] += 1
                guard entry.row == row else { continue }
                let (worker, key) = loadedFrom[Int(entry.column)]
                let value = Int(entry.value)
                let cursor = ValueCursor(
                    loaded[Int(entry.column)], at: value,
                    dictionary: interners[worker].dictionary(key), worker: worker, key: key)
                object.append(object.isEmpty ? UInt8(ascii: "{") : UInt8(ascii: ","))
                JSONValue.appendQuoted(keyPaths[cursor.worker][Int(cursor.key)], to: &object)
                object.append(UInt8(ascii: ":"))
                object.append(contentsOf: cursor.jsonText.utf8)
            }
            if object.isEmpty {
                buffer.appendNull()
            } else {
                object.append(UInt8(ascii: "}"))
                object.withUnsafeBytes { buffer.append(utf8: $0) }
            }
        }
    }
}
