#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The finished pages of one column chunk, header and compressed body each, every page in a
/// block of its own exact size.
///
/// A chunk of many megabytes thus grows without ever copying what it already holds (a
/// single growing buffer copies everything at each doubling and touches fresh memory
/// twice), the blocks go to the file with one `writev` for many pages, and the list can be
/// handed to another thread as it is.
struct PageList: Sendable {
    private(set) var blocks: [PageBlock] = []
    /// Bytes of all pages.
    private(set) var byteCount = 0

    /// Appends one page: its encoded header, then its stored body.
    mutating func append(header: [UInt8], body: UnsafeRawBufferPointer) {
        let block = PageBlock(count: header.count + body.count)
        header.withUnsafeBytes { block.base.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        if let source = body.baseAddress {
            (block.base + header.count).copyMemory(from: source, byteCount: body.count)
        }
        blocks.append(block)
        byteCount += block.count
    }

    /// Forgets the pages, keeping the list's own capacity for the next chunk.
    mutating func removeAll() {
        blocks.removeAll(keepingCapacity: true)
        byteCount = 0
    }
}

/// Bytes in memory of their own, filled once when made and only read after that, so they
/// may be read from any thread.
final class PageBlock: @unchecked Sendable {
    let base: UnsafeMutableRawPointer
    let count: Int

    /// Uninitialized until the maker fills it, before anyone else sees it.
    init(count: Int) {
        guard let memory = malloc(max(count, 1)) else {
            fatalError("out of memory for a page of \(count) bytes")
        }
        (base, self.count) = (memory, count)
    }

    /// A copy of `bytes`.
    convenience init(copying bytes: [UInt8]) {
        self.init(count: bytes.count)
        bytes.withUnsafeBytes { source in
            if let start = source.baseAddress { base.copyMemory(from: start, byteCount: count) }
        }
    }

    deinit { free(base) }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }
}
