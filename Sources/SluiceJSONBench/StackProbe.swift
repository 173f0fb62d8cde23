import Foundation
import SluiceJSON

/// Finds how deep a document may nest before the recursive walks over a `JSONValue`
/// (serialising, comparing, hashing, destroying) overflow a thread stack of `stackBytes`.
/// Depths are tried in increasing order and each success is printed before the next try,
/// so the last line printed before a crash is the answer.
func probeRecursionDepth(stackBytes: Int) {
    for depth in [256, 512, 1024, 2048, 4096, 8192, 16384, 32768] {
        let text =
            String(repeating: #"{"k":["#, count: depth / 2) + "1"
            + String(repeating: "]}", count: depth / 2)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            let value = try? JSONParser(maxDepth: depth).parse(text)
            let again = try? JSONParser(maxDepth: depth).parse(value?.jsonText ?? "")
            var hasher = Hasher()
            again.hash(into: &hasher)
            precondition(value != nil && value == again, "round trip failed at depth \(depth)")
            done.signal()
        }
        thread.stackSize = stackBytes
        thread.start()
        done.wait()
        print(
            "depth \(depth): parse, serialise, compare, hash and destroy fit in \(stackBytes / 1024) KiB"
        )
        fflush(nil)
    }
}
