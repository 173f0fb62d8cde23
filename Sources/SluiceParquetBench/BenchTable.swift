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

    /// Fresh buffers for `range` of the table's rows.
    mutating func buffers(rows range: Range<Int>) -> [ParquetColumnBuffer] {
        var buffers = specs.map { ParquetColumnBuffer(type: $0.type) }
        for row in range { fill(&buffers, row: row) }
        return buffers
    }

    private mutating func fill(_ buffers: inout [ParquetColumnBuffer], row: Int) {
        let r = random.next()
        buffers[0].append(string: "msg-\(String(r, radix: 16))-\(row)")
        buffers[1].append(string: "anon-\(r % 50_000)")
        if r % 3 == 0 {
            buffers[2].appendNull()
        } else {
            buffers[2].append(string: "user-\(r % 20_000)")
        }
        buffers[3].append(string: Self.events[Int(r % 6)])
        buffers[4].append(string: "track")
        buffers[5].append(string: Self.libraries[Int((r >> 8) % 4)])
        buffers[6].append(string: Self.countries[Int((r >> 12) % 8)])
        buffers[7].append(string: "https://shop.example/products/\(r % 5_000)?ref=\(r % 7)")
        buffers[8].append(
            string: "{\"price\":\(r % 10_000),\"sku\":\"S-\(r % 997)\",\"qty\":\(r % 5)}")
        buffers[9].append(
            string: "{\"ip\":\"10.0.\(r % 256).\((r >> 8) % 256)\",\"locale\":\"en-US\"}")

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
