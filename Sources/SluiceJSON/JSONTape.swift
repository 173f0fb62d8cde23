// RFC 8259: the same grammar as `JSONParser`, recorded as a flat tape of tokens instead of a
// tree of values.

/// One JSON document as a flat list of tokens that point into the parsed bytes, in source
/// order: a container's token is followed by its members (key token, then value tokens) or
/// elements, and `next(_:)` jumps over a whole subtree in O(1).
///
/// A tape does not own or copy the input: tokens hold offsets, so every accessor that reads
/// text takes the bytes again and the caller must pass the very buffer (same start, same
/// length) that the last `parse(_:)` read. A tape is a value: copies are independent, and
/// `parse(_:)` reuses the token storage of a tape that is not shared, so one tape per
/// thread parses any number of documents without allocating once it has grown to the
/// largest. It may be read from several threads at once, but parsed on one at a time.
///
///     var tape = JSONTape()
///     try tape.parse(line)
///     guard tape.kind(0) == .object else { ... }
///     if let type = tape.member(0, "type", in: line), tape.equals(type, "track", in: line) { ... }
///     for (key, value) in tape.members(0) where tape.kind(value) == .object { ... }
///     let context = tape.member(0, "context", in: line).map { tape.value($0, in: line) }
public struct JSONTape: Sendable {
    /// The kind of a token; keys are `.string` tokens.
    public enum Kind: UInt8, Sendable {
        case null, bool, number, string, array, object
    }

    /// The longest input a tape accepts: token offsets are 32-bit, which halves the tape's
    /// memory traffic; no event line comes near 4 GiB.
    public static let maxInputByteCount = Int(UInt32.max) - 1

    /// The deepest nesting of arrays and objects accepted.
    public let maxDepth: Int

    /// The tokens of the last successful parse; empty after a failed one.
    @usableFromInline var storage: JSONTapeStorage

    /// The number of tokens; token 0 is the root when it is not 0.
    public internal(set) var count = 0

    public init(maxDepth: Int = JSONParser.defaultMaxDepth) {
        self.maxDepth = maxDepth
        storage = JSONTapeStorage(capacity: JSONTapeStorage.initialCapacity)
    }

    /// The token at `t`.
    ///
    /// - Precondition: `0 <= t < count`.
    @inlinable @inline(__always)
    func token(_ t: Int) -> JSONTapeToken {
        precondition(UInt(bitPattern: t) < UInt(count), "token \(t) outside the tape of \(count)")
        return storage.tokens[t]
    }

    @inlinable
    public func kind(_ t: Int) -> Kind { token(t).kind }

    /// Index of the token after t's whole subtree: `t + 1` for scalars, `count` for the root.
    @inlinable
    public func next(_ t: Int) -> Int { Int(token(t).next) }

    /// Objects: the number of members, repeated keys counted each time; arrays: elements;
    /// 0 for scalars.
    @inlinable
    public func memberCount(_ t: Int) -> Int {
        let token = token(t)
        return token.kind == .array || token.kind == .object ? Int(token.length) : 0
    }

    /// Whether the `.bool` token at t is `true`.
    @inlinable
    public func bool(_ t: Int) -> Bool { token(t).flags & JSONTapeToken.isTrue != 0 }

    /// Whether the `.string` token at t holds any backslash escape.
    @inlinable
    public func hasEscapes(_ t: Int) -> Bool { token(t).flags & JSONTapeToken.hasEscapes != 0 }

    /// Whether string token t is written in ASCII without escapes, so that its raw bytes are
    /// its text and equal any other text exactly when they are byte-equal (no other spelling
    /// is canonically equivalent to it). Decided while parsing.
    @inlinable
    public func isPlainASCII(_ t: Int) -> Bool {
        let token = token(t)
        return token.kind == .string
            && token.flags & (JSONTapeToken.hasEscapes | JSONTapeToken.hasNonASCII) == 0
    }

    /// The hash of key token t's decoded text, computed while parsing: equal to
    /// `JSONTape.keyHash(of:)` of the key's decoded UTF-8, so texts with different hashes
    /// differ. Reads no bytes.
    ///
    /// - Precondition: t is a member's key (the token before its value); for other tokens
    ///   the result means nothing.
    @inlinable
    public func keyHash(_ t: Int) -> UInt64 { UInt64(bitPattern: token(t).int64) }

    /// The hash `keyHash(_:)` gives a key whose decoded text is `utf8`.
    public static func keyHash(of utf8: UnsafeRawBufferPointer) -> UInt64 {
        var empty: UInt8 = 0
        return withUnsafePointer(to: &empty) { nowhere in
            let base = utf8.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? nowhere
            return JSONTapeBuilder.hash(base, count: utf8.count, readable: utf8.count)
        }
    }

    /// Whether object token t repeats a key, comparing decoded keys exactly (`"a"` and
    /// `"\u0061"` are the same key). Decided while parsing, so this reads no bytes.
    @inlinable
    public func hasDuplicateKeys(_ t: Int) -> Bool {
        token(t).flags & JSONTapeToken.hasDuplicateKeys != 0
    }

    /// The value of a `.number` token written as an integer that fits `Int64`; computed
    /// while parsing, so this reads no bytes.
    @inlinable
    public func int64(_ t: Int) -> Int64? {
        let token = token(t)
        return token.flags & JSONTapeToken.fitsInt64 != 0 ? token.int64 : nil
    }

    /// Whether the `.number` token at t has no fraction and no exponent.
    @inlinable
    public func isWrittenAsInteger(_ t: Int) -> Bool {
        token(t).flags & JSONTapeToken.isInteger != 0
    }
}

/// One token of a tape: a plain value of 24 bytes, so the whole tape is one allocation.
@usableFromInline
struct JSONTapeToken {
    @inlinable static var hasEscapes: UInt8 { 1 }
    @inlinable static var isInteger: UInt8 { 2 }
    @inlinable static var fitsInt64: UInt8 { 4 }
    @inlinable static var isTrue: UInt8 { 8 }
    @inlinable static var hasDuplicateKeys: UInt8 { 16 }
    /// Strings: a raw byte of 0x80 or above (escapes are not decoded for this).
    @inlinable static var hasNonASCII: UInt8 { 32 }

    /// Strings: the offset after the opening quote; numbers: the first byte; containers:
    /// the opening bracket; literals: the first letter.
    @usableFromInline var start: UInt32
    /// Strings: the raw byte count between the quotes; numbers: the text's byte count;
    /// containers: the member or element count.
    @usableFromInline var length: UInt32
    /// The index after this token's subtree.
    @usableFromInline var next: UInt32
    @usableFromInline var kind: JSONTape.Kind
    @usableFromInline var flags: UInt8
    /// Numbers whose flags hold `fitsInt64`: the value; keys: the hash of their decoded text.
    @usableFromInline var int64: Int64
}
