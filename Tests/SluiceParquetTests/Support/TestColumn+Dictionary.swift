import SluiceParquet

extension TestColumn {
    /// The distinct strings of the column in first-seen order, each `copies` times in a row,
    /// followed by `unused` entries no row refers to.
    func entries(copies: Int = 1, unused: Int = 0) -> [String] {
        var seen = Set<String>()
        var distinct: [String] = []
        for case .string(let text)? in values where seen.insert(text).inserted {
            distinct.append(text)
        }
        let repeated = distinct.flatMap { Array(repeating: $0, count: copies) }
        return repeated + (0..<unused).map { "unused entry \($0)" }
    }

    /// The same rows as `buffer(rows:)`, as indexes into `dictionary`, which must hold every
    /// string of the column. When a string is there several times, rows cycle through its
    /// copies, so equal entries are all used.
    func dictionaryBuffer(
        rows: Range<Int>, dictionary: ParquetStringDictionary, inBulk: Bool = false
    ) -> ParquetColumnBuffer {
        var positions: [String: [UInt32]] = [:]
        for index in 0..<dictionary.count {
            let text = String(decoding: dictionary[index], as: UTF8.self)
            positions[text, default: []].append(UInt32(index))
        }
        let indexes: [UInt32?] = zip(rows, values[rows]).map { row, value in
            guard case .string(let text)? = value, let copies = positions[text] else {
                precondition(value == nil, "row \(row) holds \(String(describing: value))")
                return nil
            }
            return copies[row % copies.count]
        }
        var buffer = ParquetColumnBuffer(type: spec.type, dictionary: dictionary)
        guard !inBulk else {
            // Bulk rows in a few calls of uneven size, nulls marked by UInt32.max.
            let marked = indexes.map { $0 ?? .max }
            for start in stride(from: 0, to: marked.count, by: 777) {
                marked[start..<min(marked.count, start + 777)].withUnsafeBufferPointer {
                    buffer.append(dictionaryIndexes: $0, nullIndex: .max)
                }
            }
            return buffer
        }
        for index in indexes {
            if let index { buffer.append(dictionaryIndex: index) } else { buffer.appendNull() }
        }
        return buffer
    }
}
