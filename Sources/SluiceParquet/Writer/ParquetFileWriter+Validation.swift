extension ParquetFileWriter {
    static func validate(_ columns: [ParquetColumnSpec], path: String) throws {
        guard !columns.isEmpty else {
            throw ParquetError(
                .invalidSchema, "A Parquet file needs at least one column.", path: path)
        }
        var seen = Set<String>()
        for column in columns {
            guard !column.name.isEmpty else {
                throw ParquetError(
                    .invalidSchema, "A column name is empty; give every column a name.", path: path)
            }
            guard seen.insert(column.name).inserted else {
                throw ParquetError(
                    .invalidSchema,
                    "Column name '\(column.name)' appears twice; names must be unique.",
                    path: path, column: column.name)
            }
        }
    }

    /// Checks a batch against the specs and returns its row count.
    func validate(_ buffers: [ParquetColumnBuffer]) throws -> Int {
        guard buffers.count == columns.count else {
            throw ParquetError(
                .invalidBatch,
                "The batch has \(buffers.count) column buffers but the file has \(columns.count) columns.",
                path: path)
        }
        let rows = buffers[0].count
        for (buffer, column) in zip(buffers, columns) {
            try validate(buffer, column, rows: rows)
        }
        return rows
    }

    private func validate(_ buffer: ParquetColumnBuffer, _ column: ParquetColumnSpec, rows: Int)
        throws
    {
        try Self.validate(buffer, column, rows: rows, path: path)
    }

    /// Checks one buffer against its column: type, row count and nulls.
    static func validate(
        _ buffer: ParquetColumnBuffer, _ column: ParquetColumnSpec, rows: Int, path: String
    ) throws {
        guard buffer.type == column.type else {
            throw ParquetError(
                .invalidBatch,
                "The buffer for column '\(column.name)' holds \(buffer.type) values but the column is \(column.type).",
                path: path, column: column.name)
        }
        guard buffer.count == rows else {
            throw ParquetError(
                .invalidBatch,
                "Column '\(column.name)' has \(buffer.count) rows but the first column has \(rows); every buffer needs the same row count.",
                path: path, column: column.name)
        }
        guard column.isOptional || buffer.nullCount == 0 else {
            throw ParquetError(
                .invalidBatch,
                "Column '\(column.name)' is required but the batch has \(buffer.nullCount) nulls in it.",
                path: path, column: column.name)
        }
    }
}
