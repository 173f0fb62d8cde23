import Testing

@testable import SluiceJob

@Suite struct MessageIdArenaTests {
    static let ids = [
        "c0a8f1e2-1b2c-4d5e-8f90-123456789abc", "", "m", "é café 🎉", "e\u{301}", "\u{0}nul", "",
        String(repeating: "x", count: 10_000),
    ]

    @Test func givesBackEveryIdByIndex() {
        var arena = MessageIdArena()
        for id in Self.ids { arena.append(id) }

        #expect(arena.count == Self.ids.count)
        // Bytes, not `String ==`, which would take canonically equivalent ids as equal.
        #expect(Self.ids.indices.map { Array(arena[$0].utf8) } == Self.ids.map { Array($0.utf8) })
    }
}
