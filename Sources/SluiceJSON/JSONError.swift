/// Why a byte sequence is not one valid JSON document, and where.
public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable, machine-readable reason; the raw values never change.
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// The input is empty or only whitespace. Offset 0.
        case emptyInput = "empty_input"
        /// The input stops inside a value. Offset: the input length.
        case unexpectedEnd = "unexpected_end"
        /// A byte the grammar does not allow where it stands. Offset: that byte.
        case unexpectedCharacter = "unexpected_character"
        /// Bytes other than whitespace follow the complete value. Offset: the first one.
        case trailingGarbage = "trailing_garbage"
        /// Ill-formed UTF-8 inside a string. Offset: the first byte of the sequence.
        case invalidUTF8 = "invalid_utf8"
        /// A raw byte 0x01-0x1F inside a string. Offset: that byte.
        case controlCharacterInString = "control_character_in_string"
        /// An unknown escape or a `\u` without four hex digits. Offset: the backslash.
        case invalidEscape = "invalid_escape"
        /// A `\u` escape of a surrogate without its partner. Offset: the backslash.
        case loneSurrogate = "lone_surrogate"
        /// A number breaking the grammar (leading zero, missing digits). Offset: the byte.
        case invalidNumber = "invalid_number"
        /// A raw NUL byte, anywhere. Offset: that byte.
        case nulByte = "nul_byte"
        /// An array or object beyond `JSONParser.maxDepth`. Offset: its opening bracket.
        case tooDeep = "too_deep"
    }

    /// The reason.
    public let code: Code

    /// The byte offset in the input where the problem was found.
    public let offset: Int

    /// A sentence for people.
    public let message: String

    public init(_ code: Code, at offset: Int, _ message: String) {
        self.code = code
        self.offset = offset
        self.message = message
    }

    public var description: String { "\(message) (at byte \(offset), \(code.rawValue))" }
}
