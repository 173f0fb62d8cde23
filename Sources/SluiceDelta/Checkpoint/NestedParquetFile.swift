// parquet-format README "File Format" and parquet.thrift: "PAR1", one row group whose
// column chunks are one uncompressed v1 DATA_PAGE each (repetition levels, then definition
// levels, each as RLE hybrid with a 4-byte length prefix and present only when the maximum
// level is above 0, then PLAIN values), the compact-Thrift FileMetaData, its 4-byte
// little-endian length, "PAR1". Levels use RLE runs only, which the hybrid allows.

/// Encodes a small nested Parquet file in memory (for checkpoints, which are small).
///
/// TODO: move nested columns into SluiceParquet (groups, maps and lists with repetition
/// levels, compression, statistics) and write checkpoints through it; until then this
/// encoder duplicates that target's Thrift and page code in a minimal form: no compression,
/// no dictionary, no statistics, one page per column, which costs checkpoint size only.
struct NestedParquetFile {
    let fields: [NestedNode]
    let columns: [NestedColumn]
    let rowCount: Int
    let createdBy: String

    static let magic: [UInt8] = Array("PAR1".utf8)

    func encoded() -> [UInt8] {
        var file = Self.magic
        var chunks: [(offset: Int64, size: Int64, valueCount: Int)] = []
        for column in columns {
            let page = Self.page(column)
            chunks.append((Int64(file.count), Int64(page.count), column.definitionLevels.count))
            file += page
        }

        let footer = footer(chunks: chunks)
        file += footer
        withUnsafeBytes(of: UInt32(footer.count).littleEndian) { file.append(contentsOf: $0) }
        return file + Self.magic
    }

    /// The page header and body of one column.
    static func page(_ column: NestedColumn) -> [UInt8] {
        var body: [UInt8] = []
        if column.maxRepetitionLevel > 0 {
            appendLevels(column.repetitionLevels, max: column.maxRepetitionLevel, to: &body)
        }
        if column.maxDefinitionLevel > 0 {
            appendLevels(column.definitionLevels, max: column.maxDefinitionLevel, to: &body)
        }
        appendPlain(column.values, type: column.type, to: &body)

        var header = CompactThrift()
        header.i32(1, 0)  // DATA_PAGE
        header.i32(2, Int32(body.count))
        header.i32(3, Int32(body.count))
        header.structure(5) { page in
            page.i32(1, Int32(column.definitionLevels.count))
            page.i32(2, 0)  // PLAIN
            page.i32(3, 3)  // RLE definition levels
            page.i32(4, 3)  // RLE repetition levels
        }
        return header.bytes + [0] + body
    }

    /// RLE runs (header `count << 1`, then the value in ceil(bitWidth / 8) bytes) behind a
    /// 4-byte little-endian length.
    static func appendLevels(_ levels: [UInt8], max: Int, to out: inout [UInt8]) {
        let bitWidth = Int.bitWidth - max.leadingZeroBitCount
        let valueBytes = (bitWidth + 7) / 8
        var encoded: [UInt8] = []
        var index = 0
        while index < levels.count {
            var end = index + 1
            while end < levels.count && levels[end] == levels[index] { end += 1 }
            var header = UInt64(end - index) << 1
            while header >= 0x80 {
                encoded.append(UInt8(header & 0x7F) | 0x80)
                header >>= 7
            }
            encoded.append(UInt8(header))
            encoded += [levels[index]] + [UInt8](repeating: 0, count: valueBytes - 1)
            index = end
        }
        withUnsafeBytes(of: UInt32(encoded.count).littleEndian) { out.append(contentsOf: $0) }
        out += encoded
    }

    static func appendPlain(_ values: [NestedValue], type: NestedLeafType, to out: inout [UInt8]) {
        if type == .boolean {
            var bits = [UInt8](repeating: 0, count: (values.count + 7) / 8)
            for (index, value) in values.enumerated() {
                if case .boolean(true) = value { bits[index / 8] |= 1 << (index % 8) }
            }
            out += bits
            return
        }
        for value in values {
            switch value {
            case .int32(let v): withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
            case .int64(let v): withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
            case .string(let text):
                withUnsafeBytes(of: UInt32(text.utf8.count).littleEndian) {
                    out.append(contentsOf: $0)
                }
                out.append(contentsOf: text.utf8)
            default: preconditionFailure("value \(value) in a \(type) column")
            }
        }
    }
}
