/// The token buffer of a `JSONTape` and the parser's stack of open containers, kept between
/// parses so that a reused tape allocates nothing.
///
/// `tokens` and `capacity` never change after creation (a tape that outgrows its buffer gets
/// a new storage), so reading a token costs no exclusivity check. Only a tape that holds the
/// sole reference mutates it; copies of a tape share it read-only.
@usableFromInline
final class JSONTapeStorage: @unchecked Sendable {
    /// Room for 512 tokens (12 KiB): a 2 KB Segment event needs about 200, so most event
    /// streams never grow the buffer; it doubles when needed.
    static let initialCapacity = 512

    /// Open containers are pushed on `frames` beyond this many only after it doubles; events
    /// nest under ten levels.
    static let initialFrameCapacity = 32

    @usableFromInline let tokens: UnsafeMutablePointer<JSONTapeToken>
    let capacity: Int
    /// Outer open containers while parsing: for each, its token index and members so far.
    /// Only the parse holding the storage's sole reference touches these, so the runtime
    /// exclusivity check (two calls a parse, about 170 instructions) would guard nothing.
    @exclusivity(unchecked) var frames: UnsafeMutablePointer<JSONTapeFrame>
    @exclusivity(unchecked) var frameCapacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        tokens = UnsafeMutablePointer.allocate(capacity: capacity)
        frameCapacity = JSONTapeStorage.initialFrameCapacity
        frames = UnsafeMutablePointer.allocate(capacity: frameCapacity)
    }

    deinit {
        tokens.deallocate()
        frames.deallocate()
    }

    /// A storage with twice the room holding the first `count` tokens, taking over the
    /// frame stack (the old storage must not be used for parsing afterwards).
    func grown(keeping count: Int) -> JSONTapeStorage {
        let bigger = JSONTapeStorage(capacity: capacity * 2)
        bigger.tokens.initialize(from: tokens, count: count)
        swap(&frames, &bigger.frames)
        swap(&frameCapacity, &bigger.frameCapacity)
        return bigger
    }

    /// Doubles the frame stack, keeping the first `count` frames.
    func growFrames(keeping count: Int) {
        let bigger = UnsafeMutablePointer<JSONTapeFrame>.allocate(capacity: frameCapacity * 2)
        bigger.initialize(from: frames, count: count)
        frames.deallocate()
        frames = bigger
        frameCapacity *= 2
    }
}

/// An open array or object outside the innermost one.
struct JSONTapeFrame {
    var token: UInt32
    /// Members or elements after the first (commas seen).
    var memberCount: UInt32
    /// Objects: bit `hash >> 58` set for each key's hash; a clear bit proves a key is new.
    var keyFilter: UInt64 = 0
}
