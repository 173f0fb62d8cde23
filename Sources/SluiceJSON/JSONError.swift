/// Why a byte sequence is not one valid JSON document, and where.
public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable, machine-readable reason.
    public enum Code: String, Sendable, Equatable, CaseIterable {
        case emptyInput = "empty_input"
        case unexpectedEnd = "unexpected_end"
        case unexpectedCharacter = "unexpected_character"
        case trailingGarbage = "trailing_garbage"
        case invalidUTF8 = "invalid_utf8"
        case controlCharacterInString = "control_character_in_string"
        case invalidEscape = "invalid_escape"
        case loneSurrogate = "lone_surrogate"
        case invalidNumber = "invalid_number"
        case nulByte = "nul_byte"
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
