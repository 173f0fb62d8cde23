// parquet-format README "File Format": a row group is one column chunk per leaf column in
// schema order; parquet.thrift `RowGroup` and `ColumnMetaData` give each chunk's absolute
// page offsets, which are only known once the chunk's place in the file is.

extension ParquetFileWriter {
    /// Appends one row group made of `chunks`: one per column, in spec order, each encoded
    /// by a `ParquetColumnChunkEncoder` for the column's spec, all with the same row count.
    ///
    /// Chunks that do not match (count, specs, row counts) throw `invalidBatch` and change
    /// nothing. Rows that earlier `write` calls left buffered are written first, as a row
    /// group of their own, so a file may mix both calls and its rows keep the calls' order.
    /// Each chunk keeps the codec, page, dictionary and statistics settings it was encoded
    /// with; the file summary merges its statistics under this writer's truncation. Chunks
    /// of zero rows add nothing. The chunks are only read; on an I/O failure the temporary
    /// file is removed and the writer closed, as with `write`.
    public func writeRowGroup(_ chunks: [ParquetEncodedColumnChunk]) throws {
        try checkOpen()
        let rows = try validate(chunks)
        guard rows > 0 else { return }

        try failing {
            if hasBufferedRows { try flushRowGroup() }
            try appendRowGroup(chunks, rows: rows)
        }
        rowCount += rows
    }

    private func appendRowGroup(_ chunks: [ParquetEncodedColumnChunk], rows: Int) throws {
        let start = file.offset
        var columns: [ColumnMetaData] = []
        for chunk in chunks {
            var metadata = chunk.written.metadata
            metadata.move(by: file.offset)
            try file.write([PageBlock(copying: chunk.dictionaryPage)] + chunk.dataPages.blocks)
            columns.append(metadata)
        }

        rowGroups.append(
            RowGroup(
                columns: columns, rowCount: rows, from: start, to: file.offset,
                ordinal: Int16(exactly: rowGroups.count)))
        for (index, chunk) in chunks.enumerated() {
            statistics[index].merge(
                chunk.written.statistics, truncateBytes: options.statisticsTruncateBytes)
        }
    }

    /// Checks a row group's chunks against the specs and returns its row count.
    private func validate(_ chunks: [ParquetEncodedColumnChunk]) throws -> Int {
        guard chunks.count == columns.count else {
            throw ParquetError(
                .invalidBatch,
                "The row group has \(chunks.count) column chunks but the file has \(columns.count) columns.",
                path: path)
        }
        let rows = chunks[0].rowCount
        for (index, (chunk, column)) in zip(chunks, columns).enumerated() {
            guard chunk.spec == column else {
                throw ParquetError(
                    .invalidBatch,
                    "Column chunk \(index) was encoded for column \(Self.describe(chunk.spec)) but the file's column \(index) is \(Self.describe(column)); encode each column with the file's spec, in spec order.",
                    path: path, column: column.name)
            }
            guard chunk.rowCount == rows else {
                throw ParquetError(
                    .invalidBatch,
                    "Column chunk '\(column.name)' has \(chunk.rowCount) rows but the first chunk has \(rows); every chunk of a row group needs the same row count.",
                    path: path, column: column.name)
            }
        }
        return rows
    }

    /// A spec as a message shows it: 'name' (type, optional).
    private static func describe(_ spec: ParquetColumnSpec) -> String {
        "'\(spec.name)' (\(spec.type), \(spec.isOptional ? "optional" : "required"))"
    }
}
