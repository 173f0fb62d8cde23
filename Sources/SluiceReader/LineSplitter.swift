#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Cuts a decompressed stream, fed in blocks of any size, into `LogLine`s.
///
/// A line that lies wholly inside a block is handed over in place; only a line that crosses
/// a block boundary is copied, into one carry buffer that grows to at most `maxLineBytes`
/// and is reused for the whole file, so memory does not grow with the file. A line longer
/// than `maxLineBytes` keeps only its prefix while the rest is counted. The limit counts the
/// line without its terminator, LF or CRLF alike, as the length reported for a too-long line
/// does. Not thread-safe.
final class LineSplitter {
    /// The carry buffer's first size: most events are far smaller than 64 KiB, so it rarely
    /// grows, and it is small enough to allocate per file without thought.
    static let initialCarryCapacity = 64 * 1024

    let options: ReaderOptions

    /// The offset in the stream of the next byte to be fed.
    private(set) var streamOffset: Int64 = 0

    /// Lines started so far, blank ones included.
    private(set) var lineCount = 0

    /// Lines of only JSON whitespace.
    private(set) var blankLineCount = 0

    private var carry: UnsafeMutableRawPointer
    private(set) var carryCapacity: Int
    private var carryCount = 0

    /// The true length of the pending partial line; zero when none is pending.
    private var pendingLength: Int64 = 0
    private var pendingStart: Int64 = 0
    private var pendingLastByte: UInt8 = 0

    /// Set while the rest of a line cut by a checkpoint is still to be skipped.
    private var isSkippingPartialLine = false

    init(options: ReaderOptions) {
        self.options = options
        carryCapacity = min(options.maxLineBytes, Self.initialCarryCapacity)
        carry = UnsafeMutableRawPointer.allocate(byteCount: carryCapacity, alignment: 16)
    }

    /// A splitter for a stream that starts at `checkpoint` instead of at the file's start:
    /// lines are numbered and placed as in a read of the whole file, and the rest of a line
    /// the checkpoint cut is skipped.
    convenience init(options: ReaderOptions, resumingAt checkpoint: InflateCheckpoint) {
        self.init(options: options)
        streamOffset = checkpoint.plainOffset
        lineCount = checkpoint.nextLine - 1
        isSkippingPartialLine = checkpoint.isMidLine
    }

    deinit { carry.deallocate() }

    /// The number the next line to start will get: after a partial line, the one after it.
    var nextLineNumber: Int { lineCount + (pendingLength > 0 ? 2 : 1) }

    /// Whether the bytes fed so far end inside a line.
    var isMidLine: Bool { pendingLength > 0 || isSkippingPartialLine }

    /// The most bytes of a line the carry holds: the limit, plus one for the CR of a CRLF.
    private var carryLimit: Int { options.maxLineBytes + 1 }

    /// Splits `block` and passes each line it completes to `body`.
    func feed(_ block: UnsafeRawBufferPointer, _ body: (LogLine) throws -> Void) rethrows {
        guard let base = block.baseAddress, block.count > 0 else { return }
        var position = 0
        if isSkippingPartialLine {
            guard let newline = memchr(base, 0x0A, block.count) else {
                streamOffset += Int64(block.count)
                return
            }
            position = UnsafeRawPointer(newline) - base + 1
            isSkippingPartialLine = false
        }

        while position < block.count {
            guard let newline = memchr(base + position, 0x0A, block.count - position) else {
                append(UnsafeRawBufferPointer(rebasing: block[position...]), at: position)
                break
            }
            let end = UnsafeRawPointer(newline) - base
            let segment = UnsafeRawBufferPointer(rebasing: block[position..<end])

            if pendingLength == 0 {
                try emitInPlace(segment, start: streamOffset + Int64(position), body)
            } else {
                append(segment, at: position)
                try emitPending(damaged: false, body)
            }
            position = end + 1
        }
        streamOffset += Int64(block.count)
    }

    /// Passes the last line when the stream ends without a final newline, or the partial
    /// line cut by damage as `.truncatedByDamage`.
    func finish(damaged: Bool, _ body: (LogLine) throws -> Void) rethrows {
        if pendingLength > 0 { try emitPending(damaged: damaged, body) }
    }

    private func emitInPlace(
        _ segment: UnsafeRawBufferPointer, start: Int64, _ body: (LogLine) throws -> Void
    ) rethrows {
        let length = segment.count - (segment.last == 0x0D ? 1 : 0)
        if length <= options.maxLineBytes {
            return try emit(segment, start: start, kind: .complete, body)
        }
        let prefix = UnsafeRawBufferPointer(rebasing: segment[..<options.tooLongPrefixBytes])
        try emit(prefix, start: start, kind: .tooLong(totalBytes: Int64(length)), body)
    }

    private func emitPending(damaged: Bool, _ body: (LogLine) throws -> Void) rethrows {
        var bytes = UnsafeRawBufferPointer(start: carry, count: carryCount)
        let length = pendingLength - (pendingLastByte == 0x0D ? 1 : 0)
        let kind: LogLine.Kind
        if damaged {
            kind = .truncatedByDamage
        } else if length > Int64(options.maxLineBytes) {
            kind = .tooLong(totalBytes: length)
            // The carry may hold the one byte past the limit kept for a CR.
            bytes = UnsafeRawBufferPointer(rebasing: bytes.prefix(options.tooLongPrefixBytes))
        } else {
            kind = .complete
        }
        let start = pendingStart
        let readLength = pendingLength
        pendingLength = 0
        carryCount = 0
        try emit(bytes, start: start, kind: kind, readLength: readLength, body)
    }

    /// Passes one line; `readLength`, when given, is how many bytes of it were read, which
    /// `raw` may hold only the start of.
    private func emit(
        _ raw: UnsafeRawBufferPointer, start: Int64, kind: LogLine.Kind, readLength: Int64? = nil,
        _ body: (LogLine) throws -> Void
    ) rethrows {
        lineCount += 1
        var bytes = raw
        var offset = start
        if kind == .complete, bytes.last == 0x0D {
            bytes = UnsafeRawBufferPointer(rebasing: bytes.dropLast())
        }

        // A byte order mark can only open the stream, so only line 1 at offset 0 is checked.
        if start == 0, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            bytes = UnsafeRawBufferPointer(rebasing: bytes[3...])
            offset += 3
        }

        if case .tooLong = kind {
        } else if Self.isBlank(bytes) {
            blankLineCount += 1
            return
        }
        let total = kind.totalBytes ?? Int64(bytes.count)
        // A cut line's bytes are its first `tooLongPrefixBytes` when it had grown past the
        // limit before the damage.
        let cutLength = kind == .truncatedByDamage ? max(readLength ?? 0, total) : nil
        let line = LogLine(
            lineNumber: lineCount, byteOffset: offset, bytes: bytes, kind: kind,
            isOversized: total > Int64(options.oversizedEventBytes), cutLength: cutLength)
        try body(line)
    }

    /// Adds the bytes of a line that continues past the current block.
    private func append(_ bytes: UnsafeRawBufferPointer, at position: Int) {
        guard let last = bytes.last else { return }
        if pendingLength == 0 { pendingStart = streamOffset + Int64(position) }
        pendingLastByte = last

        // Past the limit only the prefix is kept; the rest is only counted. One byte past the
        // limit is still kept whole: it may be the CR of a CRLF ending a line of the limit.
        pendingLength += Int64(bytes.count)
        let isTooLong = pendingLength > Int64(carryLimit)
        if isTooLong { carryCount = min(carryCount, options.tooLongPrefixBytes) }
        let room = (isTooLong ? options.tooLongPrefixBytes : carryLimit) - carryCount

        let copied = min(bytes.count, room)
        reserve(carryCount + copied)
        carry.advanced(by: carryCount).copyMemory(from: bytes.baseAddress!, byteCount: copied)
        carryCount += copied
    }

    private func reserve(_ count: Int) {
        guard count > carryCapacity else { return }
        var capacity = carryCapacity
        while capacity < count { capacity *= 2 }
        capacity = min(capacity, max(carryLimit, count))

        let grown = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        grown.copyMemory(from: carry, byteCount: carryCount)
        carry.deallocate()
        carry = grown
        carryCapacity = capacity
    }

    /// Whether `bytes` holds only JSON whitespace (space, tab, CR, LF) or nothing.
    static func isBlank(_ bytes: UnsafeRawBufferPointer) -> Bool {
        for byte in bytes where byte != 0x20 && byte != 0x09 && byte != 0x0D && byte != 0x0A {
            return false
        }
        return true
    }
}

extension LogLine.Kind {
    var totalBytes: Int64? {
        if case .tooLong(let total) = self { return total }
        return nil
    }
}
