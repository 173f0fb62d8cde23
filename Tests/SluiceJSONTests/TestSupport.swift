import Testing

@testable import SluiceJSON

/// Parses `bytes` with `parser` and returns the error, or `nil` when the input was accepted.
func parseError(_ bytes: [UInt8], parser: JSONParser = JSONParser()) -> JSONError? {
    do {
        _ = try parser.parse(bytes)
        return nil
    } catch {
        return error
    }
}

/// The error `validate` reports for `bytes`, or `nil` when it accepts them.
func validationError(_ bytes: [UInt8], parser: JSONParser = JSONParser()) -> JSONError? {
    do {
        try parser.validate(bytes)
        return nil
    } catch {
        return error
    }
}

/// Input written as text, with `\u{..}` for bytes that are characters, or as raw bytes.
struct JSONInput: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]

    init(_ name: String, _ text: String) {
        self.name = name
        self.bytes = Array(text.utf8)
    }

    init(_ name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }

    var testDescription: String { name }
}
