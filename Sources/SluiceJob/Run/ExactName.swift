/// A name that compares and hashes by its UTF-8 bytes.
///
/// Swift's `String` equality takes canonically equivalent spellings as equal (`É` as one
/// scalar and `E` followed by U+0301), but a tracking plan matches event names exactly, as
/// Segment does. A set or cache keyed by `String` would fold two events the plan tells
/// apart into whichever came first, so what the run does would depend on the order it read
/// them in. Keys that carry event names use this instead.
struct ExactName: Hashable, Sendable {
    let text: String

    init(_ text: String) {
        self.text = text
    }

    /// A byte comparison: routing a stored row looks a name up once per event, and the
    /// generic `elementsEqual` over two `UTF8View`s walks them a byte at a time.
    static func == (a: ExactName, b: ExactName) -> Bool {
        var (a, b) = (a.text, b.text)
        return a.withUTF8 { a in
            b.withUTF8 { b in
                a.count == b.count && ShortBytes.equal(a.baseAddress, b.baseAddress, count: a.count)
            }
        }
    }

    func hash(into hasher: inout Hasher) {
        var text = self.text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
