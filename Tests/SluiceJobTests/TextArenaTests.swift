import Testing

@testable import SluiceJob

/// The text arena must behave as a value, like the array it replaced: copies are
/// independent, whatever either side appends or clears afterwards.
@Suite struct TextArenaTests {
    static func text(_ arena: RowStore.TextArena) -> String {
        arena.withBytes(0, arena.count) { String(decoding: $0, as: UTF8.self) }
    }

    static func append(_ text: String, to arena: inout RowStore.TextArena) {
        var text = text
        text.withUTF8 { arena.append(UnsafeRawBufferPointer($0)) }
    }

    @Test func copiesAreIndependent() {
        var a = RowStore.TextArena()
        Self.append("abc", to: &a)
        var b = a
        Self.append("def", to: &b)
        #expect(Self.text(a) == "abc" && Self.text(b) == "abcdef")

        var c = b
        c.removeAll(keepingCapacity: true)
        Self.append("x", to: &c)
        #expect(Self.text(b) == "abcdef" && Self.text(c) == "x")
        c.removeAll(keepingCapacity: false)
        #expect(c.count == 0 && c.capacity == 0 && Self.text(c).isEmpty)
    }

    /// Growing past the first allocation many times keeps every byte in order.
    @Test func growsKeepingEveryByte() {
        var arena = RowStore.TextArena()
        var expected = ""
        for n in 0..<2_000 {
            let piece = String(n) + (n % 7 == 0 ? "" : ",")
            Self.append(piece, to: &arena)
            expected += piece
        }
        #expect(Self.text(arena) == expected)
        #expect(arena.capacity >= arena.count)
        let middle = arena.withBytes(3, 4) { String(decoding: $0, as: UTF8.self) }
        #expect(middle == String(expected.dropFirst(3).prefix(4)))
    }
}
