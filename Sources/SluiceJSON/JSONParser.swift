// Implements RFC 8259 (The JavaScript Object Notation Data Interchange Format), strictly:
// no comments, no trailing commas, no NaN or Infinity, no leading zeros, UTF-8 only
// (section 8.1), no byte order mark.

/// A strict JSON parser over raw UTF-8 bytes.
///
/// The parser validates UTF-8, decodes every escape including surrogate pairs (a lone
/// surrogate escape is an error), keeps numbers as written (see `JSONNumber`) and key
/// order, keeps the last value of a repeated key at the first one's position, and refuses
/// input nested deeper than `maxDepth`. Parsing itself is iterative and never deepens the
/// call stack; the limit protects the code that walks the result recursively (equality,
/// hashing, serialisation and destruction of `JSONValue`). A parser holds no state
/// between calls and may be used from any number of threads at once.
///
/// Building the `JSONValue` tree runs at about a third of the speed of `validate` (roughly
/// 0.35 vs 1 GB/s per core on Segment events, see `sluice-json-bench`), because every
/// string longer than 15 bytes and every array is its own allocation, and every object
/// two. `JSONTape` parses the same grammar at validation speed into a flat list of offsets
/// into the input and builds a `JSONValue` only for the subtrees asked for.
public struct JSONParser: Sendable {
    /// The default nesting limit: far deeper than any real event (Segment payloads nest
    /// under ten levels), and shallow enough that the recursive walks of a result
    /// (serialising, `==`, hashing, destruction) fit a 512 KiB secondary-thread stack.
    /// Measured with `sluice-json-bench stack` (x86-64, Swift 6.3): release builds use at
    /// most 256 bytes per level (2048 levels fit in 512 KiB, 4096 do not), debug builds up
    /// to 2 KiB (256 fit, 512 do not). The parser itself never recurses.
    public static let defaultMaxDepth = 256

    /// The deepest nesting of arrays and objects accepted.
    public let maxDepth: Int

    public init(maxDepth: Int = JSONParser.defaultMaxDepth) {
        self.maxDepth = maxDepth
    }

    /// Parses exactly one JSON value, allowing whitespace around it. The bytes are only
    /// read during the call; the result owns copies of everything it holds.
    ///
    /// - Throws: `JSONError` naming the reason and the byte offset of the first problem:
    ///   the first byte that cannot continue a valid document (the start of an ill-formed
    ///   UTF-8 sequence, escape or over-deep bracket), or the input length when the input
    ///   ends too early.
    public func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONError) -> JSONValue {
        guard bytes.count > 0 else {
            throw JSONError(.emptyInput, at: 0, "The input is empty; expected one JSON value.")
        }
        var cursor = JSONCursor(bytes: bytes, maxDepth: maxDepth)
        return try cursor.parseDocument()
    }

    /// Checks that `bytes` hold exactly one valid JSON value without building it: the same
    /// grammar, UTF-8, escape, depth and NUL checks as `parse(_:)`, throwing the same
    /// error for the same input, several times faster because no strings, numbers or
    /// containers are allocated.
    public func validate(_ bytes: UnsafeRawBufferPointer) throws(JSONError) {
        guard bytes.count > 0 else {
            throw JSONError(.emptyInput, at: 0, "The input is empty; expected one JSON value.")
        }
        var cursor = JSONCursor(bytes: bytes, maxDepth: maxDepth, buildsValues: false)
        _ = try cursor.parseDocument()
    }

    /// Validates a byte array; see `validate(_:)` for the contract.
    public func validate(_ bytes: [UInt8]) throws(JSONError) {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONError) in try validate(raw) }
        }
        try result.get()
    }

    /// Parses a byte array; see `parse(_:)` for the contract.
    public func parse(_ bytes: [UInt8]) throws(JSONError) -> JSONValue {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONError) in try parse(raw) }
        }
        return try result.get()
    }

    /// Parses the UTF-8 of a string; see `parse(_:)` for the contract.
    public func parse(_ text: String) throws(JSONError) -> JSONValue {
        var text = text
        let result = text.withUTF8 { utf8 in
            Result { () throws(JSONError) in try parse(UnsafeRawBufferPointer(utf8)) }
        }
        return try result.get()
    }
}
