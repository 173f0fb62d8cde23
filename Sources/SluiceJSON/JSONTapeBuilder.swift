// RFC 8259 sections 2 (grammar, whitespace), 3 (literal names), 4 (objects), 5 (arrays).

/// One pass over one document that writes a `JSONTape`'s tokens; lives only inside one
/// `JSONTape.parse` call.
///
/// It only decides whether the input is valid: every check answers `false` and leaves the
/// exact error to `JSONParser`, so the success path carries no error-building code. Like the
/// tree parser it is iterative, with open containers on the storage's frame stack.
struct JSONTapeBuilder: ~Copyable {
    let base: UnsafePointer<UInt8>
    let end: Int
    let maxDepth: Int
    var storage: JSONTapeStorage
    var tokens: UnsafeMutablePointer<JSONTapeToken>
    var capacity: Int
    var count = 0
    var index = 0
    /// How many containers are open; the innermost is `top`, the others are frames.
    var depth = 0
    var top = JSONTapeFrame(token: 0, memberCount: 0)
    var isObject = false
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
        let next = UInt32(truncatingIfNeeded: count + 1)
        tokens[count] = JSONTapeToken(
            start: UInt32(truncatingIfNeeded: start), length: UInt32(truncatingIfNeeded: length),
            next: next, kind: kind, flags: flags, int64: int64)
        count += 1
    }

    private mutating func grow() {
        storage = storage.grown(keeping: count)
        tokens = storage.tokens
        capacity = storage.capacity
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while index < end {
            let b = base[index]
            guard b <= 0x20, b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
            index += 1
        }
    }

    /// Whether the whole input is one value with optional whitespace around it.
    mutating func parseDocument() -> Bool {
        skipWhitespace()
        guard parseValueTree() else { return false }

        skipWhitespace()
        return index == end
    }

    /// Parses one value, however deeply nested, at `index`.
    private mutating func parseValueTree() -> Bool {
        nextValue: while true {
            guard let isComplete = parseScalarOrOpenContainer() else { return false }
            guard isComplete else { continue nextValue }

            while depth > 0 {
                skipWhitespace()
                guard index < end else { return false }
                let b = base[index]
                index += 1
                if b == UInt8(ascii: ",") {
                    top.memberCount &+= 1
                    skipWhitespace()
                    if isObject { guard parseMemberKey() else { return false } }
                    continue nextValue
                }
                guard b == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else { return false }
                closeInnermostContainer()
            }
            return true
        }
    }

    /// Reads a scalar or an empty container (`true`), or opens a container and stands where
    /// its first element or first member's value starts (`false`); `nil` for invalid input.
    @inline(__always)
    private mutating func parseScalarOrOpenContainer() -> Bool? {
        guard index < end else { return nil }
        switch base[index] {
        case UInt8(ascii: "\""):
            return parseString() ? true : nil
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return parseNumber() ? true : nil
        case UInt8(ascii: "{"):
            return openContainer(.object, close: UInt8(ascii: "}"))
        case UInt8(ascii: "["):
            return openContainer(.array, close: UInt8(ascii: "]"))
        case UInt8(ascii: "t"):
            return parseLiteral(0x6575_7274, count: 4, .bool, flags: JSONTapeToken.isTrue)
        case UInt8(ascii: "f"):
            // "alse" after the 'f', so that one 4-byte load covers the rest.
            return parseLiteral(0x6573_6c61, count: 5, .bool, flags: 0)
        case UInt8(ascii: "n"):
            return parseLiteral(0x6c6c_756e, count: 4, .null, flags: 0)
        default:
            return nil
        }
    }

    /// Matches `true`, `null` (the word at `index`) or `false` (the word after the `f`).
    @inline(__always)
    private mutating func parseLiteral(
        _ word: UInt32, count: Int, _ kind: JSONTape.Kind, flags: UInt8
    ) -> Bool? {
        guard index + count <= end else { return nil }
        let at = UnsafeRawPointer(base + index + count - 4)
        guard UInt32(littleEndian: at.loadUnaligned(as: UInt32.self)) == word else { return nil }

        append(kind, start: index, length: count, flags: flags)
        index += count
        return true
    }

    private mutating func openContainer(_ kind: JSONTape.Kind, close: UInt8) -> Bool? {
        guard depth < maxDepth else { return nil }
        let token = count
        append(kind, start: index, length: 0)
        index += 1

        skipWhitespace()
        if index < end && base[index] == close {
            index += 1
            return true
        }

        pushFrame(token: token, isObject: kind == .object)
        guard kind == .object else { return false }
        return parseMemberKey() ? false : nil
    }

    private mutating func pushFrame(token: Int, isObject: Bool) {
        if depth > 0 {
            if depth > frameCapacity {
                storage.growFrames(keeping: depth - 1)
                (frames, frameCapacity) = (storage.frames, storage.frameCapacity)
            }
            frames[depth - 1] = top
        }
        top = JSONTapeFrame(token: UInt32(truncatingIfNeeded: token), memberCount: 0)
        self.isObject = isObject
        depth += 1
    }

    @inline(__always)
    private mutating func closeInnermostContainer() {
        let t = Int(top.token)
        tokens[t].next = UInt32(truncatingIfNeeded: count)
        tokens[t].length = top.memberCount &+ 1
        if isObject && top.memberCount >= JSONTapeBuilder.filteredMemberCount {
            checkWideObjectForDuplicates(t)
        }
        depth -= 1
        guard depth > 0 else { return }

        top = frames[depth - 1]
        isObject = tokens[Int(top.token)].kind == .object
    }

    /// Parses `"key" :` at `index` and the whitespace after it.
    @inline(__always)
    private mutating func parseMemberKey() -> Bool {
        guard index < end, base[index] == UInt8(ascii: "\""), let key = scanString() else {
            return false
        }
        appendKey(start: key.start, length: key.length, flags: key.flags)

        skipWhitespace()
        guard index < end, base[index] == UInt8(ascii: ":") else { return false }
        index += 1
        skipWhitespace()
        return true
    }
}
