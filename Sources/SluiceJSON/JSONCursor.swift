// RFC 8259 sections 2 (grammar, whitespace) and 3 (literal names).

/// The parser's position in one input and the containers still open there; lives only
/// inside one `JSONParser.parse` call.
///
/// Parsing is iterative: open arrays and objects are `Frame`s on an explicit stack, so the
/// nesting depth costs heap, never call stack. `input` is borrowed from the caller for the
/// duration of the call.
struct JSONCursor: ~Copyable {
    /// One array or object that has been opened but not closed yet.
    struct Frame {
        var isObject: Bool
        /// Where this container's elements (or member values) start in `values`.
        var valueStart: Int
        /// Where this object's keys start in `keys` and `keyHashes`.
        var keyStart: Int
        /// Bit `hash % 64` is set for every key seen; a clear bit proves a key is new.
        var keyFilter: UInt64 = 0
        /// Set while the value of a repeated key is being parsed: the member slot to
        /// overwrite, relative to `valueStart`.
        var duplicateSlot = -1
        /// Whether this object grew past `JSONCursor.wideObjectMemberCount` members and
        /// owns the last entry of `wideIndexes`.
        var hasWideIndex = false
    }

    /// Objects with more members than this switch duplicate detection from a scan of the
    /// earlier keys' hashes to a hash table, keeping wide objects linear; below it the scan
    /// is cheaper than maintaining a table.
    static let wideObjectMemberCount = 32

    /// Initial room for values of open containers: a Segment event keeps up to about 40
    /// values pending at once, so most documents never grow the stack; it doubles when
    /// needed.
    static let initialValueCapacity = 64

    /// Initial room for keys of open objects, for the same reason (about 20 pending keys).
    static let initialKeyCapacity = 32

    let base: UnsafePointer<UInt8>
    let end: Int
    let maxDepth: Int
    /// `false` when only validating: scalars become `.null` placeholders, no strings,
    /// numbers or containers are built, and keys are not checked for repeats.
    let buildsValues: Bool
    var index = 0
    /// The innermost open container; meaningless while `depth` is 0.
    var top = Frame(isObject: false, valueStart: 0, keyStart: 0)
    /// The open containers around `top`, outermost first.
    var outerFrames: [Frame] = []
    /// How many containers are open (`outerFrames.count + 1`, or 0).
    var depth = 0
    /// Key hash to member slot for each open wide object, innermost last.
    var wideIndexes: [[UInt64: Int]] = []
    // TODO: the three scratch stacks and `outerFrames` are allocated for every document
    // (five allocations, about 3% of the time on 2 KB events); keeping them per thread,
    // as `JSONKeyCache` is kept, would remove that.
    var values = JSONScratchStack<JSONValue>(capacity: JSONCursor.initialValueCapacity)
    var keys = JSONScratchStack<String>(capacity: JSONCursor.initialKeyCapacity)
    var keyHashes = JSONScratchStack<UInt64>(capacity: JSONCursor.initialKeyCapacity)
    /// This thread's table of recently built keys.
    let keyCache = JSONKeyCache.forCurrentThread()
    /// Decoded bytes of the current string when it holds escapes; reused across strings.
    var unescaped: [UInt8] = []

    /// - Precondition: `bytes` is not empty.
    init(bytes: UnsafeRawBufferPointer, maxDepth: Int, buildsValues: Bool = true) {
        self.buildsValues = buildsValues
        base = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        end = bytes.count
        self.maxDepth = maxDepth
        outerFrames.reserveCapacity(16)
    }

    @inline(__always)
    func byte(at offset: Int) -> UInt8 { base[offset] }

    @inline(__always)
    mutating func skipWhitespace() {
        while index < end {
            let b = base[index]
            guard b <= 0x20, b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
            index += 1
        }
    }

    /// Parses `true`, `false` or `null` at `index`, whose first byte matched.
    mutating func parseLiteral(_ literal: StaticString) throws(JSONError) {
        let count = literal.utf8CodeUnitCount
        for offset in 1..<count {
            guard index + offset < end else {
                throw endOfInput("the literal '\(literal)'")
            }
            if base[index + offset] != literal.utf8Start[offset] {
                index += offset
                throw unexpected("the literal '\(literal)'")
            }
        }
        index += count
    }

    /// Parses the whole input as one value surrounded by optional whitespace.
    mutating func parseDocument() throws(JSONError) -> JSONValue {
        skipWhitespace()
        guard index < end else {
            throw JSONError(.emptyInput, at: 0, "The input holds only whitespace, no JSON value.")
        }
        let value = try parseValueTree()

        skipWhitespace()
        if index < end {
            if base[index] == 0 { throw nulByte("after the JSON value") }
            throw JSONError(
                .trailingGarbage, at: index,
                "Found \(describeByte(at: index)) after the end of the JSON value; a document holds exactly one value."
            )
        }
        return value
    }
}
