import Foundation
import Synchronization
import Testing

@testable import SluiceJSON

/// Keys of every length around the cache's two-word limit, differing only in their last
/// byte, so a cache hit that compared too little would return the wrong key.
private let nearMissKeys: [String] = (0...20).flatMap { length -> [String] in
    let stem = String(repeating: "k", count: max(0, length - 1))
    return length == 0 ? [""] : [stem + "a", stem + "b", stem + "é"]
}

@Test func cachedKeysAreExactAcrossDocuments() throws {
    let text =
        "{" + nearMissKeys.enumerated().map { "\"\($1)\":\($0)" }.joined(separator: ",") + "}"
    for _ in 0..<3 {
        let object = try JSONParser().parse(text).objectValue!
        #expect(object.keys == nearMissKeys)
        #expect(object.values == nearMissKeys.indices.map { .number(JSONNumber(Int64($0))) })
    }
}

@Test func keysAtTheVeryEndOfTheInputAreExact() throws {
    // Fewer than 16 readable bytes after the key start: the uncached path builds them.
    for key in ["a", "abcdefgh", "abcdefghijklmno"] {
        let object = try JSONParser().parse("{\"\(key)\":1}").objectValue!
        #expect(object.keys == [key])
    }
}

@Test func parsesConcurrentlyFromManyThreads() throws {
    var documents = RandomDocuments(random: SeededRandom(state: 7))
    let texts = (0..<64).map { _ in
        "{\"messageId\":" + documents.string() + ",\"v\":" + documents.document() + "}"
    }
    let expected = try texts.map { try JSONParser().parse($0).jsonText }

    let mismatches = Mutex(0)
    DispatchQueue.concurrentPerform(iterations: 8) { worker in
        for round in 0..<50 {
            let index = (worker * 50 + round) % texts.count
            if (try? JSONParser().parse(texts[index]).jsonText) != expected[index] {
                mismatches.withLock { $0 += 1 }
            }
        }
    }
    #expect(mismatches.withLock { $0 } == 0)
}
