// parquet.thrift `Statistics`: min_value/max_value "may be (more compact) values that do not
// exist" in the chunk as long as they bound it and stay valid values of the logical type;
// is_min_value_exact / is_max_value_exact say whether they were shortened.

/// Shortens long byte-array bounds for the footer while keeping them valid UTF-8 bounds.
enum StatisticsTruncation {
    /// A prefix of `value` of at most `limit` bytes cut on a character boundary; any prefix
    /// sorts before the value itself.
    static func lowerBound(_ value: [UInt8], limit: Int) -> (bytes: [UInt8], isExact: Bool) {
        guard limit > 0 && value.count > limit else { return (value, true) }
        return (Array(value[..<boundary(value, atMost: limit)]), false)
    }

    /// A string of about `limit` bytes that sorts after `value`: its prefix with the last
    /// character incremented. When no character can be incremented, `value` itself.
    static func upperBound(_ value: [UInt8], limit: Int) -> (bytes: [UInt8], isExact: Bool) {
        guard limit > 0 && value.count > limit else { return (value, true) }
        var scalars = String(decoding: value[..<boundary(value, atMost: limit)], as: UTF8.self)
            .unicodeScalars.map(\.value)

        while let last = scalars.popLast() {
            guard let next = nextScalar(after: last) else { continue }
            scalars.append(next)
            var bytes: [UInt8] = []
            for scalar in scalars { bytes.append(contentsOf: String(Unicode.Scalar(scalar)!).utf8) }
            return (bytes, false)
        }
        return (value, true)
    }

    /// The largest index at most `limit` that does not split a UTF-8 sequence.
    private static func boundary(_ value: [UInt8], atMost limit: Int) -> Int {
        var cut = limit
        while cut > 0 && value[cut] & 0xC0 == 0x80 { cut -= 1 }
        return cut
    }

    private static func nextScalar(after scalar: UInt32) -> UInt32? {
        if scalar == 0xD7FF { return 0xE000 }
        return scalar < 0x10FFFF ? scalar + 1 : nil
    }
}
