import SluiceJSON

extension JSONSchema {
    /// Whether the subtree at `token` of `tape` is valid: always exactly
    /// `isValid(tape.value(token, in: bytes))`, but read straight from the tape, so a valid
    /// instance is usually decided without building any `JSONValue`.
    ///
    /// Values are built only for what the tape cannot decide alone: an object with repeated
    /// keys (for its object keywords), an array or object checked by `enum` or `const`, an
    /// array checked by `uniqueItems`. Strings are built only for `pattern`, `format` and
    /// `patternProperties`, for keys and lengths with escapes, for member names compared
    /// where either side is not ASCII, and for numbers not written as plain integers. `bytes`
    /// must be the buffer the tape last parsed; it is only read, and only during the call.
    /// Safe to call from many threads at once, each with its own tape or sharing one that no
    /// thread parses into.
    public func isValid(tape: JSONTape, _ token: Int, in bytes: UnsafeRawBufferPointer) -> Bool {
        let probe = TapeProbe(tape: tape, bytes: bytes, program: program)
        return probe.isValid(program.root, token)
    }
}
