/// A read position in one run's values of one column, through raw pointers: the per-row
/// loops of the table stage read values through it without touching a reference count.
///
/// Valid only while the `ColumnValues` it was made from, and the worker's `KeyDictionary`,
/// live; the gather that makes cursors keeps both alive. `next` moves forward as the output
/// visits the run's rows in ascending order, up to `end`.
struct ValueCursor {
    let rows: UnsafePointer<UInt32>
    let kinds: UnsafePointer<UInt8>
    let payloads: UnsafePointer<Int64>
    /// The column's text, shifted so that a text reference's offset indexes it directly.
    let text: UnsafeRawPointer?
    /// The key's dictionary entries and where each starts, for interned strings.
    let dictionary: (bytes: UnsafeRawPointer?, starts: UnsafePointer<UInt32>?)
    let worker: Int
    let key: UInt32
    var next: Int
    let end: Int

    /// A cursor over `range` of `values`, whose interned strings are in `dictionary`.
    init(
        _ values: ColumnValues, range: Range<Int>, dictionary: KeyDictionary?, worker: Int,
        key: UInt32
    ) {
        let empty = UnsafeMutablePointer<UInt8>(bitPattern: 1)!
        rows = UnsafePointer(
            values.rows.base ?? UnsafeMutableRawPointer(empty).assumingMemoryBound(to: UInt32.self))
        kinds = UnsafePointer(values.kinds.base ?? empty)
        payloads = UnsafePointer(
            values.payloads.base
                ?? UnsafeMutableRawPointer(empty).assumingMemoryBound(to: Int64.self))
        text = values.text.base.map { UnsafeRawPointer($0) - values.textBase }
        if let dictionary {
            self.dictionary = dictionary.storage
        } else {
            self.dictionary = (nil, nil)
        }
        self.worker = worker
        self.key = key
        next = range.lowerBound
        end = range.upperBound
    }

    /// Moves past values of rows before `row` (rows the output skips); true when the next
    /// value is `row`'s.
    @inline(__always)
    mutating func seek(_ row: UInt32) -> Bool {
        while next < end, rows[next] < row { next += 1 }
        return next < end && rows[next] == row
    }

    @inline(__always)
    var kind: ValueKind { ValueKind(rawValue: kinds[next]).unsafelyUnwrapped }

    @inline(__always)
    var payload: Int64 { payloads[next] }

    /// The text of the current value (`hasText` kinds).
    @inline(__always)
    var textBytes: UnsafeRawBufferPointer {
        let payload = payloads[next]
        return UnsafeRawBufferPointer(
            start: text.map { $0 + TextRef.offset(payload) }, count: TextRef.length(payload))
    }

    /// The 8-byte number before the current value's text (`integerText`, `fraction`).
    @inline(__always)
    var numberPrefix: Int64 {
        (text.unsafelyUnwrapped + TextRef.offset(payloads[next]) - 8).loadUnaligned(as: Int64.self)
    }

    /// The UTF-8 of the current value, a string interned or not.
    @inline(__always)
    var stringBytes: UnsafeRawBufferPointer {
        guard kind == .internedString else { return textBytes }
        let start = dictionary.starts.unsafelyUnwrapped[Int(payloads[next])]
        return KeyDictionary.entry(bytes: dictionary.bytes.unsafelyUnwrapped, start: Int(start))
    }
}
