import Foundation
import Testing

@testable import SluiceJSON

@Test(arguments: [1, 2, 5, 64])
func acceptsNestingUpToTheLimitAndRejectsOneMore(limit: Int) throws {
    let parser = JSONParser(maxDepth: limit)
    let atLimit = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
    #expect(throws: Never.self) { try parser.parse(atLimit) }

    let beyond = "[" + atLimit + "]"
    let error = parseError(Array(beyond.utf8), parser: parser)
    #expect(error?.code == .tooDeep)
    #expect(error?.offset == limit)
    #expect(validationError(Array(beyond.utf8), parser: parser) == error)
}

@Test func objectsAndArraysCountTowardsDepthAlike() {
    let error = parseError(Array(#"{"a":{"b":[]}}"#.utf8), parser: JSONParser(maxDepth: 2))
    #expect(error?.code == .tooDeep)
    #expect(error?.offset == 10)
}

@Test func rejectsVeryDeepInputWithoutOverflowingTheStack() {
    let depth = 1_000_000
    let deep =
        [UInt8](repeating: UInt8(ascii: "["), count: depth)
        + [UInt8](repeating: UInt8(ascii: "]"), count: depth)
    let error = parseError(deep)
    #expect(error?.code == .tooDeep)
    #expect(error?.offset == JSONParser.defaultMaxDepth)
}

@Test func parsesDeepInputIterativelyWhenTheLimitAllows() throws {
    // The parser itself never recurses, so a huge limit is safe for parsing; the result
    // is taken apart level by level so that destroying it does not recurse either.
    let depth = 100_000
    let deep = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    var value = try JSONParser(maxDepth: depth).parse(deep)
    var levels = 1
    while case .array(var elements) = value, !elements.isEmpty {
        value = elements.removeLast()
        levels += 1
    }
    #expect(levels == depth)
}

/// The default limit must keep the recursive walks over a result (serialising, comparing,
/// hashing, destroying) inside the smallest secondary-thread stack Sluice runs on.
@Test func defaultDepthIsSafeForRecursiveWalksOnA512KiBStack() async {
    let depth = JSONParser.defaultMaxDepth
    let text =
        String(repeating: #"{"k":["#, count: depth / 2) + "1"
        + String(repeating: "]}", count: depth / 2)
    let finished = await withCheckedContinuation {
        (continuation: CheckedContinuation<Bool, Never>) in
        let thread = Thread {
            let first = try? JSONParser().parse(text)
            let second = try? JSONParser().parse(first?.jsonText ?? "")
            var hasher = Hasher()
            second.hash(into: &hasher)
            continuation.resume(returning: first != nil && first == second)
        }
        thread.stackSize = 512 * 1024
        thread.start()
    }
    #expect(finished)
}
