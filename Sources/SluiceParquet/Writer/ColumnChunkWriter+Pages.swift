// parquet-format README "Data Pages" and Encodings.md: a v1 data page holds the definition
// levels (RLE hybrid, 4-byte length prefix) then the values: PLAIN, or RLE_DICTIONARY as one
// bit-width byte followed by the ids in the RLE hybrid. The dictionary page is PLAIN.

extension ColumnChunkWriter {
    /// Closes the open page: encodes, compresses and appends it (header first) to `pages`.
    func flushPage() throws {
        guard pageRowCount > 0 else { return }
        body.removeAll()
        if spec.isOptional { encodeLevels() }
        let encoding = encodeValues()

        try compressBody()
        let header = PageHeader(
            kind: .data(valueCount: Int32(pageRowCount), encoding: encoding),
            uncompressedSize: Int32(body.count), compressedSize: Int32(compressed.count))
        appendPage(header)

        if encoding == .rleDictionary { dictionaryDataPages += 1 } else { plainDataPages += 1 }
        pageLevels.removeAll()
        pageValues.removeAll()
        pageIndices.removeAll()
        (pageRowCount, pageNullCount) = (0, 0)
    }

    /// Encodes the dictionary page body into `body` and compresses it; nil without one.
    func encodeDictionaryPage() throws -> PageHeader? {
        guard dictionaryDataPages > 0 else { return nil }
        body.removeAll()
        body.reserve(additional: dictionaryPlainSize)
        if let integers {
            integers.encodePlain(into: body)
        } else {
            dictionary.forEachEntry { entry in
                body.appendLittleEndian(UInt32(entry.count))
                body.append(entry)
            }
        }

        try compressBody()
        return PageHeader(
            kind: .dictionary(valueCount: Int32(dictionaryCount)),
            uncompressedSize: Int32(body.count), compressedSize: Int32(compressed.count))
    }

    private func encodeLevels() {
        scratch.encoder.reset(bitWidth: 1)
        if pageNullCount == 0 {
            scratch.encoder.append(1, repeating: pageRowCount)
        } else {
            appendLevelRuns()
        }
        scratch.encoder.finish()

        body.appendLittleEndian(UInt32(scratch.encoder.bytes.count))
        scratch.encoder.bytes.withUnsafeBytes { body.append($0) }
    }

    /// Feeds the levels to the encoder a run at a time, so long null or non-null stretches
    /// cost one call each.
    private func appendLevelRuns() {
        let levels = pageLevels.bytes
        var start = 0
        while start < levels.count {
            let level = levels[start]
            var end = start + 1
            while end < levels.count && levels[end] == level { end += 1 }
            scratch.encoder.append(UInt32(level), repeating: end - start)
            start = end
        }
    }

    private func encodeValues() -> Encoding {
        if pageIndexCount > 0 || (isDictionaryActive && pageValues.count == 0) {
            let bitWidth = RLEHybridEncoder.bitWidth(forMaxValue: max(dictionaryCount - 1, 0))
            scratch.encoder.reset(bitWidth: bitWidth)
            for index in 0..<pageIndexCount {
                scratch.encoder.append(pageIndices.loadNative(UInt32.self, at: index))
            }
            scratch.encoder.finish()
            body.append(byte: UInt8(bitWidth))
            scratch.encoder.bytes.withUnsafeBytes { body.append($0) }
            return .rleDictionary
        }
        if physicalType == .boolean { packBooleans() } else { body.append(pageValues.bytes) }
        return .plain
    }

    /// Packs the page's one-byte booleans eight to a byte, least significant bit first.
    private func packBooleans() {
        let values = pageValues.bytes
        var index = 0
        while index < values.count {
            var packed: UInt8 = 0
            for bit in 0..<min(8, values.count - index) where values[index + bit] != 0 {
                packed |= 1 << bit
            }
            body.append(byte: packed)
            index += 8
        }
    }

    private func compressBody() throws {
        guard body.count <= Int(Int32.max) else {
            throw ParquetError(
                .limitExceeded, "A page of \(body.count) bytes exceeds the format's 2 GiB limit.",
                path: filePath, column: spec.name)
        }
        do {
            try scratch.compressor.compress(body.bytes, into: compressed)
        } catch {
            throw ParquetError(error, path: filePath, column: spec.name)
        }
    }

    private func appendPage(_ header: PageHeader) {
        var headerBytes: [UInt8] = []
        header.encode(into: &headerBytes)
        pages.append(headerBytes)
        pages.append(compressed.bytes)
        uncompressedPageBytes += headerBytes.count + body.count
    }
}
