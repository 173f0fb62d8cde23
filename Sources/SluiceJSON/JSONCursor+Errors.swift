extension JSONCursor {
    /// The error for the byte at `index` not being what the grammar allows there. A NUL
    /// byte gets its own code because it usually means a binary or corrupted input.
    func unexpected(_ expected: String) -> JSONError {
        guard index < end else { return endOfInput(expected) }
        if base[index] == 0 { return nulByte("where \(expected) was expected") }
        return JSONError(
            .unexpectedCharacter, at: index,
            "Found \(describeByte(at: index)) where \(expected) was expected.")
    }

    /// The input stopped while `expected` was still needed; the offset is the input length.
    func endOfInput(_ expected: String) -> JSONError {
        JSONError(
            .unexpectedEnd, at: end,
            "The input ends after \(end) bytes while \(expected) was expected; the document is truncated."
        )
    }

    func nulByte(_ whereFound: String) -> JSONError {
        JSONError(
            .nulByte, at: index,
            "Found a NUL byte \(whereFound); JSON text never contains raw NUL bytes, so the input is probably binary or corrupted."
        )
    }

    /// `'x'` for printable ASCII, `byte 0xNN` otherwise.
    func describeByte(at offset: Int) -> String {
        let b = base[offset]
        if b >= 0x20 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        let hex = String(b, radix: 16, uppercase: true)
        return "byte 0x\(hex.count == 1 ? "0" + hex : hex)"
    }
}
