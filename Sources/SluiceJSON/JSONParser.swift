// Implements RFC 8259 (The JavaScript Object Notation Data Interchange Format), strictly:
// no comments, no trailing commas, no NaN or Infinity, no leading zeros, UTF-8 only.

/// A strict JSON parser over raw UTF-8 bytes.
///
/// The parser validates UTF-8, decodes every escape including surrogate pairs (a lone
/// surrogate escape is an error), keeps numbers as written (see `JSONNumber`) and key order,
/// and refuses input nested deeper than `maxDepth` instead of overflowing the stack.
/// A parser holds no state between calls and may be used from any thread.
public struct JSONParser: Sendable {
    /// The default nesting limit: far deeper than any real event, shallow enough that the
    /// recursive descent never comes near the stack limit of a secondary thread.
    public static let defaultMaxDepth = 256

    /// The deepest nesting of arrays and objects accepted.
    public let maxDepth: Int

    public init(maxDepth: Int = JSONParser.defaultMaxDepth) {
        self.maxDepth = maxDepth
    }

    /// Parses exactly one JSON value, allowing whitespace around it.
    ///
    /// - Throws: `JSONError` naming the reason and byte offset of the first problem.
    public func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONError) -> JSONValue {
        var cursor = JSONCursor(bytes: bytes, maxDepth: maxDepth)
        cursor.skipWhitespace()
        guard cursor.index < cursor.end else {
            throw JSONError(.emptyInput, at: 0, "The input holds no JSON value.")
        }
        let value = try cursor.parseValue(depth: 0)
        cursor.skipWhitespace()
        if cursor.index < cursor.end {
            throw JSONError(
                .trailingGarbage, at: cursor.index,
                "The JSON value ends before the input does; found more bytes after it.")
        }
        return value
    }

    /// Parses a byte array; see `parse(_:)` for the contract.
    public func parse(_ bytes: [UInt8]) throws(JSONError) -> JSONValue {
        do {
            return try bytes.withUnsafeBytes { raw in try parseUntyped(raw) }
        } catch let error as JSONError {
            throw error
        } catch {
            preconditionFailure("JSONParser threw a foreign error: \(error)")
        }
    }

    /// Parses the UTF-8 of a string; see `parse(_:)` for the contract.
    public func parse(_ text: String) throws(JSONError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    private func parseUntyped(_ raw: UnsafeRawBufferPointer) throws -> JSONValue {
        try parse(raw)
    }
}
