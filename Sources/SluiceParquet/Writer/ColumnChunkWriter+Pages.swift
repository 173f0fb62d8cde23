// parquet-format README "Data Pages" and Encodings.md: a v1 data page holds the definition
// levels (RLE hybrid, 4-byte length prefix) then the values: PLAIN, or RLE_DICTIONARY as one
// bit-width byte followed by the ids in the RLE hybrid. The dictionary page is PLAIN.

extension ColumnChunkWriter {
    /// Closes the open page: encodes, compresses and appends it (header first) to `pages`.
    func flushPage() throws {
        guard pageRowCount > 0 else { return }
        copyPendingLevels()
        body.removeAll()
        if spec.isOptional { encodeLevels() }
        let encoding = encodeValues()

        let stored = try compressBody()
        let header = PageHeader(
            kind: .data(valueCount: Int32(pageRowCount), encoding: encoding),
            uncompressedSize: Int32(body.count), compressedSize: Int32(stored.count))
        appendPage(header, stored)

        if encoding == .rleDictionary { dictionaryDataPages += 1 } else { plainDataPages += 1 }
        pageLevels.removeAll()
        pageValues.removeAll()
        pageIndices.removeAll()
        (pageRowCount, pageNullCount) = (0, 0)
    }

    /// The dictionary page, header and compressed body, and the size of both uncompressed;
    /// nil when no data page used the dictionary.
    func encodeDictionaryPage() throws -> (bytes: [UInt8], uncompressedBytes: Int)? {
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

        let stored = try compressBody()
        let header = PageHeader(
            kind: .dictionary(valueCount: Int32(dictionaryCount)),
            uncompressedSize: Int32(body.count), compressedSize: Int32(stored.count))
        var bytes: [UInt8] = []
        header.encode(into: &bytes)
        let headerCount = bytes.count
        bytes.append(contentsOf: stored)
        return (bytes, headerCount + body.count)
    }

    /// The levels with their 4-byte length, encoded in place after the length is reserved.
    private func encodeLevels() {
        let lengthOffset = body.count
        body.appendLittleEndian(UInt32(0))
        scratch.encoder.reset(bitWidth: 1)
        if pageNullCount == 0 {
            scratch.encoder.append(1, repeating: pageRowCount)
        } else {
            let levels = pageLevels.bytes.assumingMemoryBound(to: UInt8.self)
            scratch.encoder.append(contentsOf: levels)
        }
        scratch.encoder.finish()
        body.storeLittleEndian(UInt32(scratch.encoder.encodedByteCount), at: lengthOffset)
    }

    private func encodeValues() -> Encoding {
        if pageIndexCount > 0 || (isDictionaryActive && pageValues.count == 0) {
            let bitWidth = RLEHybridEncoder.bitWidth(forMaxValue: max(dictionaryCount - 1, 0))
            body.append(byte: UInt8(bitWidth))
            scratch.encoder.reset(bitWidth: bitWidth)
            let ids = UnsafeRawBufferPointer(start: pageIndices.base, count: pageIndices.count)
            scratch.encoder.append(contentsOf: ids.assumingMemoryBound(to: UInt32.self))
            scratch.encoder.finish()
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

    /// Compresses `body`; returns the bytes to store, valid until the scratch next changes.
    private func compressBody() throws -> UnsafeRawBufferPointer {
        guard body.count <= Int(Int32.max) else {
            throw ParquetError(
                .limitExceeded, "A page of \(body.count) bytes exceeds the format's 2 GiB limit.",
                path: filePath, column: spec.name)
        }
        do {
            return try scratch.compressBody()
        } catch {
            throw ParquetError(error, path: filePath, column: spec.name)
        }
    }

    private func appendPage(_ header: PageHeader, _ stored: UnsafeRawBufferPointer) {
        var headerBytes: [UInt8] = []
        header.encode(into: &headerBytes)
        pages.append(header: headerBytes, body: stored)
        uncompressedPageBytes += headerBytes.count + body.count
    }
}
