// RFC 8259 sections 2 (grammar, whitespace), 3 (literal names), 4 (objects), 5 (arrays).

/// One pass over one document that writes a `JSONTape`'s tokens; lives only inside one
/// `JSONTape.parse` call.
///
/// It only decides whether the input is valid: every check answers `false` and leaves the
/// exact error to `JSONParser`, so the success path carries no error-building code. Like the
/// tree parser it is iterative, with open containers on the storage's frame stack.
///
/// The walk (`parseValueTree`) is one loop that keeps the position, the token count and the
/// innermost open container in locals, so that they stay in registers: a member costs a
/// few loads and stores of the input and the tape, not of this struct. Its fields are
/// brought up to date only around the rare calls that read or change them (numbers, a
/// full token buffer, repeated-key checks).
struct JSONTapeBuilder: ~Copyable {
    let base: UnsafePointer<UInt8>
    let end: Int
    let maxDepth: Int
    /// The storage being written, held without a reference count: the tape that calls
    /// `parse` keeps the storage it passed alive for the whole parse, and `grownStorage`
    /// keeps any grown one alive. Counting it would cost two atomic operations a line.
    unowned(unsafe) var storage: JSONTapeStorage
    /// The storage that replaced the tape's own once the tokens outgrew it, else nil; the
    /// tape takes it over when the parse ends.
    var grownStorage: JSONTapeStorage?
    var tokens: UnsafeMutablePointer<JSONTapeToken>
    var capacity: Int
    var count = 0
    var index = 0
    /// The storage's frame stack, cached so that pushing and popping touch no class property.
    var frames: UnsafeMutablePointer<JSONTapeFrame>
    var frameCapacity: Int

    init(bytes: UnsafeRawBufferPointer, storage: JSONTapeStorage, maxDepth: Int) {
        base = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        end = bytes.count
        self.maxDepth = maxDepth
        self.storage = storage
        tokens = storage.tokens
        capacity = storage.capacity
        frames = storage.frames
        frameCapacity = storage.frameCapacity
    }

    /// Appends a token whose subtree is itself alone.
    @inline(__always)
    mutating func append(
        _ kind: JSONTape.Kind, start: Int, length: Int, flags: UInt8 = 0, int64: Int64 = 0
    ) {
        if count == capacity { grow() }
        tokens[count] = JSONTapeToken(
            start: UInt32(truncatingIfNeeded: start), length: UInt32(truncatingIfNeeded: length),
            next: UInt32(truncatingIfNeeded: count &+ 1), kind: kind, flags: flags, int64: int64)
        count &+= 1
    }

    /// Makes room for more tokens; `count` must be current.
    mutating func grow() {
        let grown = storage.grown(keeping: count)
        grownStorage = grown
        storage = grown
        tokens = storage.tokens
        capacity = storage.capacity
    }

    /// The first offset at or after `i` that is not JSON whitespace, or `end`.
    @inline(__always)
    func skipWhitespace(from i: Int) -> Int {
        JSONTapeBuilder.skipWhitespace(base, end: end, from: i)
    }

    /// The first offset at or after `i` in `base[..<end]` that is not JSON whitespace.
    @inline(__always)
    static func skipWhitespace(_ base: UnsafePointer<UInt8>, end: Int, from i: Int) -> Int {
        var i = i
        while i < end {
            let b = base[i]
            guard b <= 0x20, b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return i }
            i &+= 1
        }
        return i
    }

    /// Whether the whole input is one value with optional whitespace around it.
    mutating func parseDocument() -> Bool {
        index = skipWhitespace(from: index)
        guard parseValueTree() else { return false }
        return skipWhitespace(from: index) == end
    }

    /// Parses one value, however deeply nested, at `index`, and leaves `index` after it.
    private mutating func parseValueTree() -> Bool {
        let (base, end) = (self.base, self.end)
        var i = index
        var out = Output(tokens: tokens, capacity: capacity, count: count)
        // How many containers are open; the innermost is `top`, the others are frames.
        var depth = 0
        var top = JSONTapeFrame(token: 0, memberCount: 0)
        var isObject = false

        nextValue: while true {
            guard i < end else { return false }
            switch base[i] {
            case UInt8(ascii: "\""):
                guard let (stop, flags) = Self.scanString(base, end: end, openingQuoteAt: i) else {
                    return false
                }
                appendToken(.string, i &+ 1, stop &- i &- 1, flags, 0, to: &out)
                i = stop &+ 1
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard depth < maxDepth else { return false }
                let opensObject = base[i] == UInt8(ascii: "{")
                let token = out.count
                appendToken(opensObject ? .object : .array, i, 0, 0, 0, to: &out)
                i = Self.skipWhitespace(base, end: end, from: i &+ 1)
                let close = opensObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                if i < end && base[i] == close {
                    i &+= 1
                    break
                }

                if depth > 0 { pushFrame(top, depth: depth) }
                top = JSONTapeFrame(token: UInt32(truncatingIfNeeded: token), memberCount: 0)
                isObject = opensObject
                depth &+= 1
                if isObject {
                    guard parseMemberKey(base, end, at: &i, &out, &top) else { return false }
                }
                continue nextValue
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                (index, count) = (i, out.count)
                guard parseNumber() else { return false }
                (i, out) = (index, Output(tokens: tokens, capacity: capacity, count: count))
            case UInt8(ascii: "t"):
                guard matchesLiteral(0x6575_7274, count: 4, at: i) else { return false }
                appendToken(.bool, i, 4, JSONTapeToken.isTrue, 0, to: &out)
                i &+= 4
            case UInt8(ascii: "f"):
                // "alse" after the 'f', so that one 4-byte load covers the rest.
                guard matchesLiteral(0x6573_6c61, count: 5, at: i) else { return false }
                appendToken(.bool, i, 5, 0, 0, to: &out)
                i &+= 5
            case UInt8(ascii: "n"):
                guard matchesLiteral(0x6c6c_756e, count: 4, at: i) else { return false }
                appendToken(.null, i, 4, 0, 0, to: &out)
                i &+= 4
            case 0x20, 0x0A, 0x0D, 0x09:
                // Whitespace before a value is skipped here, so the common case (none after a
                // colon or comma) costs no separate check.
                i = Self.skipWhitespace(base, end: end, from: i &+ 1)
                continue nextValue
            default:
                return false
            }

            // A value is complete: close containers until a comma starts the next one.
            while depth > 0 {
                i = Self.skipWhitespace(base, end: end, from: i)
                guard i < end else { return false }
                let b = base[i]
                i &+= 1
                if b == UInt8(ascii: ",") {
                    top.memberCount &+= 1
                    if isObject {
                        guard parseMemberKey(base, end, at: &i, &out, &top) else { return false }
                    }
                    continue nextValue
                }
                guard b == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else { return false }

                let t = Int(top.token)
                out.tokens[t].next = UInt32(truncatingIfNeeded: out.count)
                out.tokens[t].length = top.memberCount &+ 1
                if isObject && top.memberCount >= JSONTapeBuilder.filteredMemberCount {
                    checkWideObjectForDuplicates(t)
                }
                depth &-= 1
                guard depth > 0 else { break }
                top = frames[depth &- 1]
                isObject = out.tokens[Int(top.token)].kind == .object
            }
            (index, count) = (i, out.count)
            return true
        }
    }

    /// The walk's token buffer, its room and its token count, in one local: the optimizer
    /// cannot tell that a token store leaves the builder's own fields alone, so reading
    /// `tokens` and `capacity` through `self` would reload them after every token.
    struct Output {
        var tokens: UnsafeMutablePointer<JSONTapeToken>
        var capacity: Int
        var count: Int
    }

    /// `append` for the walk, whose token buffer and count are the local `out`.
    @inline(__always)
    private mutating func appendToken(
        _ kind: JSONTape.Kind, _ start: Int, _ length: Int, _ flags: UInt8, _ int64: Int64,
        to out: inout Output
    ) {
        if out.count == out.capacity {
            count = out.count
            grow()
            (out.tokens, out.capacity) = (tokens, capacity)
        }
        out.tokens[out.count] = JSONTapeToken(
            start: UInt32(truncatingIfNeeded: start), length: UInt32(truncatingIfNeeded: length),
            next: UInt32(truncatingIfNeeded: out.count &+ 1), kind: kind, flags: flags,
            int64: int64)
        out.count &+= 1
    }

    /// Saves the innermost open container when another opens inside it, at `depth - 1`.
    private mutating func pushFrame(_ top: JSONTapeFrame, depth: Int) {
        if depth > frameCapacity {
            storage.growFrames(keeping: depth &- 1)
            (frames, frameCapacity) = (storage.frames, storage.frameCapacity)
        }
        frames[depth &- 1] = top
    }

    /// Whether `true`, `null` (the word at `i`) or `false` (the word after the `f`) is at `i`.
    @inline(__always)
    private func matchesLiteral(_ word: UInt32, count: Int, at i: Int) -> Bool {
        guard i &+ count <= end else { return false }
        let at = UnsafeRawPointer(base + (i &+ count &- 4))
        return UInt32(littleEndian: at.loadUnaligned(as: UInt32.self)) == word
    }

    /// Parses `"key" :` at `i` (after any whitespace), appends the key's token (its hash in
    /// `int64`), screens the object `top` for a repeated key, and leaves `i` after the colon;
    /// `base` and `end` are the builder's, passed so that they stay in registers.
    ///
    /// Transparent, so it is always inlined: with `@inline(__always)` the optimizer keeps it
    /// out of line in the walk, and the walk's locals go through memory for every member
    /// (about 13 % more instructions a parse).
    @_transparent
    private mutating func parseMemberKey(
        _ base: UnsafePointer<UInt8>, _ end: Int, at i: inout Int, _ out: inout Output,
        _ top: inout JSONTapeFrame
    ) -> Bool {
        if !(i < end && base[i] == UInt8(ascii: "\"")) {
            i = Self.skipWhitespace(base, end: end, from: i)
            guard i < end, base[i] == UInt8(ascii: "\"") else { return false }
        }
        guard let (stop, flags) = Self.scanString(base, end: end, openingQuoteAt: i) else {
            return false
        }
        let (start, length) = (i &+ 1, stop &- i &- 1)
        let hash =
            flags & JSONTapeToken.hasEscapes == 0
            ? JSONTapeBuilder.hash(base + start, count: length, readable: end &- start)
            : decodedKeyHash(start: start, length: length)
        appendToken(.string, start, length, flags, Int64(bitPattern: hash), to: &out)
        screenKey(hash: hash, key: out.count &- 1, of: &top)

        // The colon nearly always follows the closing quote directly.
        i = stop &+ 1
        if !(i < end && base[i] == UInt8(ascii: ":")) {
            i = Self.skipWhitespace(base, end: end, from: i)
            guard i < end, base[i] == UInt8(ascii: ":") else { return false }
        }
        i &+= 1
        return true
    }
}
