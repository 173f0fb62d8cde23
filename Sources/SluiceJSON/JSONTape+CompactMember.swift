// RFC 8259 section 4: an object member is a name, a name separator (`:`) and a value.

extension JSONTape {
    /// The text of one object member written in its one shortest spelling: `key":"value` for a
    /// string value, `key":value` for a number, without the outer quotes.
    public struct CompactMember {
        /// From the first byte of the key to the last byte of the value; points into the bytes
        /// the tape was parsed from and is valid as long as they are.
        public let text: UnsafeRawBufferPointer
        /// How many bytes of `text` are the key.
        public let keyByteCount: Int
        /// Whether the value is a string (else it is a number).
        public let isString: Bool

        @inlinable
        init(text: UnsafeRawBufferPointer, keyByteCount: Int, isString: Bool) {
            self.text = text
            self.keyByteCount = keyByteCount
            self.isString = isString
        }
    }

    /// The member whose key is token `key`, when its value is a string or a number and it is
    /// written as its `CompactMember` text: key and value in ASCII without escapes, nothing
    /// but the colon between them. Such text is the member's decoded text, and no other
    /// spelling of the same member (escapes, whitespace, another Unicode form) writes it;
    /// `nil` for every other member. Reads two tokens and no bytes.
    ///
    /// - Precondition: `key` is a member's key token, and `bytes` the parsed buffer.
    @inlinable @inline(__always)
    public func compactMember(_ key: Int, in bytes: UnsafeRawBufferPointer) -> CompactMember? {
        let value = key &+ 1
        precondition(
            key >= 0 && value < count, "member key \(key) outside the tape of \(count)")
        let (k, v) = (storage.tokens[key], storage.tokens[value])
        let unusual = JSONTapeToken.hasEscapes | JSONTapeToken.hasNonASCII
        let isString = v.kind == .string
        // Number tokens never carry the string flags, so one test covers both kinds.
        guard k.kind == .string, isString || v.kind == .number, (k.flags | v.flags) & unusual == 0
        else { return nil }

        let start = Int(k.start)
        let keyByteCount = Int(k.length)
        let valueStart = start &+ keyByteCount &+ (isString ? 3 : 2)
        guard Int(v.start) == valueStart else { return nil }
        let end = valueStart &+ Int(v.length)
        precondition(end <= bytes.count, "member ends at \(end), after the \(bytes.count) bytes")
        return CompactMember(
            text: UnsafeRawBufferPointer(start: bytes.baseAddress! + start, count: end &- start),
            keyByteCount: keyByteCount, isString: isString)
    }
}
