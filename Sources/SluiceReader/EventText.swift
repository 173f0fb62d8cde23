/// The text of one of an event's string fields (its messageId and identifiers): either
/// built, or left where it sits on the event's line, so that normalising from a tape builds
/// no `String` for a field whose raw bytes already are its text.
///
/// Text left on a line means something only together with that line's bytes: every
/// accessor takes them, and ignores them for built text. The caller must pass the line the
/// event was normalised from.
public struct EventText: Sendable {
    private enum Storage: Sendable {
        case built(String)
        case onLine(start: Int, count: Int)
    }

    private let storage: Storage

    /// Text that was built, whatever line it is read with.
    public init(_ text: String) {
        storage = .built(text)
    }

    /// The `count` bytes of the line from offset `start`, which are the text as they stand.
    init(onLineAt start: Int, count: Int) {
        storage = .onLine(start: start, count: count)
    }

    /// Whether the text has no bytes.
    public var isEmpty: Bool {
        switch storage {
        case .built(let text): text.isEmpty
        case .onLine(_, let count): count == 0
        }
    }

    /// Calls `body` with the text's UTF-8 bytes, valid only during the call.
    public func withUTF8<Result>(
        in line: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Result
    ) -> Result {
        switch storage {
        case .built(var text):
            return text.withUTF8 { body(UnsafeRawBufferPointer($0)) }
        case .onLine(let start, let count):
            return body(UnsafeRawBufferPointer(rebasing: line[start..<start + count]))
        }
    }

    /// The text as a `String`, built from the line when it was left there.
    public func string(in line: UnsafeRawBufferPointer) -> String {
        switch storage {
        case .built(let text): text
        case .onLine(let start, let count):
            String(decoding: line[start..<start + count], as: UTF8.self)
        }
    }
}
