// parquet-format README "File Format": a row group holds one column chunk per leaf column,
// written contiguously in schema order; parquet.thrift `RowGroup` describes it.

/// Buffers one row group (all its column chunks, compressed) in memory and writes it out.
///
/// Memory grows with `bufferedBytes`, which the file writer keeps near its row group target.
/// Not thread-safe.
final class RowGroupWriter {
    let columns: [ColumnChunkWriter]
    private(set) var rowCount = 0

    init(columns: [ColumnChunkWriter]) {
        self.columns = columns
    }

    var bufferedBytes: Int { columns.reduce(0) { $0 + $1.bufferedBytes } }

    /// Encodes `rows` of every buffer; `valueCursors[i]` is buffer i's first non-null value
    /// of these rows and is advanced past them.
    func append(
        _ buffers: [ParquetColumnBuffer], rows: Range<Int>, valueCursors: inout [Int]
    ) throws {
        for (index, column) in columns.enumerated() {
            valueCursors[index] = try column.append(
                buffers[index], rows: rows, firstValue: valueCursors[index])
        }
        rowCount += rows.count
    }

    /// Writes every column chunk at the file's offset, resets for the next row group, and
    /// returns the footer entry plus each chunk's statistics.
    func write(to file: OutputFile, ordinal: Int16?) throws -> (RowGroup, [StatisticsAccumulator]) {
        let start = file.offset
        var chunks: [ColumnMetaData] = []
        var statistics: [StatisticsAccumulator] = []
        for column in columns {
            let written = try column.writeChunk(to: file)
            chunks.append(written.metadata)
            statistics.append(written.statistics)
            column.reset()
        }

        let group = RowGroup(
            columns: chunks, rowCount: rowCount, from: start, to: file.offset, ordinal: ordinal)
        rowCount = 0
        return (group, statistics)
    }
}
