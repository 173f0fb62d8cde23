// RFC 8259, strictly, as `JSONParser` implements it (see JSONParser.swift).

extension JSONTape {
    /// Parses exactly one JSON value, allowing whitespace around it, replacing the tokens of
    /// the previous parse. The bytes are only read during the call, but tokens refer to them
    /// by offset: the accessors need the same buffer afterwards.
    ///
    /// Accepts exactly what `JSONParser.parse` accepts (same grammar, UTF-8, escape, NUL and
    /// depth checks) and throws the identical `JSONError`, code, offset and message, for
    /// everything it rejects. After a failure the tape is empty (`count == 0`).
    ///
    /// - Precondition: `bytes.count <= JSONTape.maxInputByteCount`.
    public mutating func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONError) {
        count = 0
        guard bytes.count > 0 else {
            throw JSONError(.emptyInput, at: 0, "The input is empty; expected one JSON value.")
        }
        precondition(
            bytes.count <= JSONTape.maxInputByteCount,
            "a JSONTape takes at most \(JSONTape.maxInputByteCount) bytes, got \(bytes.count)")

        if !isKnownUniquelyReferenced(&storage) {
            storage = JSONTapeStorage(capacity: storage.capacity)
        }
        var builder = JSONTapeBuilder(bytes: bytes, storage: storage, maxDepth: maxDepth)
        let isValid = builder.parseDocument()
        if let grown = builder.grownStorage { storage = grown }

        // The fast pass only decides; the cursor knows the exact error and its offset.
        guard isValid else { throw JSONTape.exactError(bytes, maxDepth: maxDepth) }
        count = builder.count
    }

    /// Parses a byte array; see `parse(_:)` for the contract. Tokens then refer to offsets
    /// in `bytes`, which the accessors need through `withUnsafeBytes`.
    public mutating func parse(_ bytes: [UInt8]) throws(JSONError) {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONError) in try self.parse(raw) }
        }
        try result.get()
    }

    /// The error `JSONParser` reports for input the tape's scan refused.
    private static func exactError(_ bytes: UnsafeRawBufferPointer, maxDepth: Int) -> JSONError {
        do {
            try JSONParser(maxDepth: maxDepth).validate(bytes)
        } catch {
            return error
        }
        // Only a disagreement between the two scanners gets here; the differential tests
        // exist to keep it unreachable.
        assertionFailure("JSONTape refused input that JSONParser accepts")
        return JSONError(
            .unexpectedCharacter, at: 0,
            "JSONTape refused this input although JSONParser accepts it; this is a bug in SluiceJSON."
        )
    }
}
