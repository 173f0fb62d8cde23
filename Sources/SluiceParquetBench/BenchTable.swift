import SluiceParquet

/// A deterministic event-like table: ids, low-cardinality names, JSON blobs, timestamps,
/// counters and flags with a few nulls, roughly the shape of a Segment `tracks` table.
struct BenchTable {
    let rows: Int
    let specs: [ParquetColumnSpec]
    private var random = SplitMix(seed: 42)

    static let events = [
        "Page Viewed", "Product Clicked", "Order Completed", "Signed Up", "Logged In",
        "Cart Viewed",
    ]
    static let libraries = ["analytics.js", "analytics-ios", "analytics-android", "analytics-node"]
    static let countries = ["US", "DE", "FR", "GB", "JP", "BR", "IN", "CA"]
    /// The string and JSON columns come first.
    static let stringColumns = 0..<10

    init(rows: Int) {
        self.rows = rows
        var specs: [ParquetColumnSpec] = []
        for name in [
            "message_id", "anonymous_id", "user_id", "event", "type", "library", "country", "url",
        ] {
            specs.append(ParquetColumnSpec(name: name, type: .string))
        }
        specs.append(ParquetColumnSpec(name: "properties", type: .json))
        specs.append(ParquetColumnSpec(name: "context", type: .json))
        for name in ["timestamp", "received_at", "sent_at", "original_timestamp"] {
            specs.append(ParquetColumnSpec(name: name, type: .timestampMicros))
        }
        specs.append(ParquetColumnSpec(name: "event_date", type: .date))
        for index in 0..<6 { specs.append(ParquetColumnSpec(name: "count_\(index)", type: .int64)) }
        for index in 0..<4 { specs.append(ParquetColumnSpec(name: "small_\(index)", type: .int32)) }
        for index in 0..<3 {
            specs.append(ParquetColumnSpec(name: "amount_\(index)", type: .double))
        }
        specs.append(ParquetColumnSpec(name: "is_mobile", type: .boolean))
        specs.append(ParquetColumnSpec(name: "is_test", type: .boolean))
        self.specs = specs
    }

    /// The table in batches of `batchRows` rows. With `interned`, the string and JSON
    /// columns are dictionary-backed, each indexing one dictionary of its distinct values in
    /// first-seen order, as a caller that interns strings while reading would build them.
    mutating func batches(of batchRows: Int, interned: Bool) -> [[ParquetColumnBuffer]] {
        var sink = StringSink(
            interner: interned ? Interner(columns: Self.stringColumns.count) : nil)
        var batches: [[ParquetColumnBuffer]] = []
        var indexes: [[[UInt32?]]] = []
        for start in stride(from: 0, to: rows, by: batchRows) {
            var buffers = specs.map { ParquetColumnBuffer(type: $0.type) }
            sink.indexes = Array(repeating: [], count: Self.stringColumns.count)
            for row in start..<min(rows, start + batchRows) {
                fill(&buffers, row: row, strings: &sink)
            }
            batches.append(buffers)
            indexes.append(sink.indexes)
        }
        guard let interner = sink.interner else { return batches }

        let dictionaries = interner.entries.map(ParquetStringDictionary.init)
        for (batch, batchIndexes) in indexes.enumerated() {
            for column in Self.stringColumns {
                var buffer = ParquetColumnBuffer(
                    type: specs[column].type, dictionary: dictionaries[column])
                for index in batchIndexes[column] {
                    if let index {
                        buffer.append(dictionaryIndex: index)
                    } else {
                        buffer.appendNull()
                    }
                }
                batches[batch][column] = buffer
            }
        }
        return batches
    }

    /// Appends one row; string and JSON values go through `strings`.
    private mutating func fill(
        _ buffers: inout [ParquetColumnBuffer], row: Int, strings: inout StringSink
    ) {
        let r = random.next()
        func put(_ column: Int, _ text: String?) { strings.put(text, column, &buffers) }
        put(0, "msg-\(String(r, radix: 16))-\(row)")
        put(1, "anon-\(r % 50_000)")
        put(2, r % 3 == 0 ? nil : "user-\(r % 20_000)")
        put(3, Self.events[Int(r % 6)])
        put(4, "track")
        put(5, Self.libraries[Int((r >> 8) % 4)])
        put(6, Self.countries[Int((r >> 12) % 8)])
        put(7, "https://shop.example/products/\(r % 5_000)?ref=\(r % 7)")
        put(8, "{\"price\":\(r % 10_000),\"sku\":\"S-\(r % 997)\",\"qty\":\(r % 5)}")
        put(9, "{\"ip\":\"10.0.\(r % 256).\((r >> 8) % 256)\",\"locale\":\"en-US\"}")

        let base = 1_700_000_000_000_000 + Int64(row) * 1_000
        for column in 10..<14 { buffers[column].append(base + Int64(column) * 17) }
        buffers[14].append(Int32(19_700 + row / 100_000))
        for column in 15..<21 {
            buffers[column].append(Int64((r >> UInt64(column - 15)) % 1_000_000))
        }
        for column in 21..<25 {
            buffers[column].append(Int32(truncatingIfNeeded: r >> (column * 2)) % 1_000)
        }
        for column in 25..<28 {
            if r % 11 == UInt64(column) % 11 {
                buffers[column].appendNull()
            } else {
                buffers[column].append(Double(r % 100_000) / 100)
            }
        }
        buffers[28].append(r % 2 == 0)
        buffers[29].append(r % 97 == 0)
    }
}

/// Where a row's strings go: straight into plain buffers, or interned as indexes.
struct StringSink {
    var interner: Interner?
    /// Per string column, the interned index of each row (nil for a null).
    var indexes: [[UInt32?]] = []

    mutating func put(_ text: String?, _ column: Int, _ buffers: inout [ParquetColumnBuffer]) {
        guard interner != nil else {
            if let text {
                buffers[column].append(string: text)
            } else {
                buffers[column].appendNull()
            }
            return
        }
        indexes[column].append(text.map { interner!.index(of: $0, in: column) })
    }
}

/// Distinct strings per column in first-seen order.
struct Interner {
    private var positions: [[String: UInt32]]
    private(set) var entries: [[String]]

    init(columns: Int) {
        positions = Array(repeating: [:], count: columns)
        entries = Array(repeating: [], count: columns)
    }

    mutating func index(of text: String, in column: Int) -> UInt32 {
        if let index = positions[column][text] { return index }
        let index = UInt32(entries[column].count)
        positions[column][text] = index
        entries[column].append(text)
        return index
    }
}

/// A small deterministic pseudo-random generator so every run builds the same table.
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
