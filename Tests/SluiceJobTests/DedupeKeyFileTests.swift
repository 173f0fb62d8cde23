import SluiceHash
import Testing

@testable import SluiceJob

/// A day's key file holds the magic, the key count and the keys sorted ascending, all
/// big-endian, whether the keys were few (sorted directly) or many (bucketed first).
@Suite struct DedupeKeyFileTests {
    @Test(arguments: [0, 1, 63, 64, 5_000])
    func keyFilesHoldTheDaysKeysSortedAndBigEndian(count: Int) {
        let keys = (0..<count).map { DedupeIndex.key("m\($0)") }
        let other = DedupeIndex.key("other day")
        let files = DedupeIndex.files(keysByDay: ["2026-11-30": keys, "2026-11-29": [other]])
        #expect(files.map(\.day) == ["2026-11-29", "2026-11-30"])

        let bytes = files[1].bytes
        #expect(bytes.count == 16 + count * 16)
        #expect(Array(bytes[0..<8]) == DedupeIndex.magic)
        #expect(DedupeIndex.readUInt64(bytes, at: 8) == UInt64(count))
        let stored = (0..<count).map {
            Hash128(
                high: DedupeIndex.readUInt64(bytes, at: 16 + $0 * 16),
                low: DedupeIndex.readUInt64(bytes, at: 24 + $0 * 16))
        }
        #expect(stored == keys.sorted())
    }
}
