/// The values one key holds over a set of rows, column-wise: per value its row, its kind and
/// its payload, plus the text bytes that text payloads point into.
///
/// Rows never descend; a row without a value has none stored, so a sparse column costs its
/// values, not the rows. A row may hold several values of one key, in the order they came
/// (an object whose member names differ in bytes but are canonically equivalent gives one
/// key two values): a column takes the first, and the schema sees every one. Values are
/// `ValueKind`s: strings the worker interned cost their 4-byte id and nothing else, numbers
/// and timestamps their payload.
///
/// Owns its memory and frees it in `deinit`, unless made by `borrowing`. Built on one thread
/// (a worker sealing its batch, or whoever loads it), then only read, by any number of
/// threads. Its arrays live in a `Storage` of their own, read through a plain pointer.
final class ColumnValues: @unchecked Sendable {
    /// The arrays; allocated in `init`, freed in `deinit` unless borrowed.
    let storage: UnsafeMutablePointer<Storage>

    var rows: RawBuffer<UInt32> { storage.pointee.rows }
    var kinds: RawBuffer<UInt8> { storage.pointee.kinds }
    var payloads: RawBuffer<Int64> { storage.pointee.payloads }
    var text: RawBuffer<UInt8> { storage.pointee.text }
    /// Subtracted from a text reference's offset to index `text`: nonzero when this holds a
    /// slice of a column whose text started elsewhere.
    var textBase: Int { storage.pointee.textBase }
    /// Every kind stored, one bit each.
    var kindMask: KindMask { storage.pointee.kindMask }
    /// Whether some row holds more than one value.
    var hasRepeatedRows: Bool {
        get { storage.pointee.hasRepeatedRows }
        set { storage.pointee.hasRepeatedRows = newValue }
    }

    /// Whether `deinit` frees the arrays: not for a column laid out in memory another owner
    /// keeps (`borrowing`).
    private let ownsArrays: Bool

    init() {
        storage = .allocate(capacity: 1)
        storage.initialize(to: Storage())
        ownsArrays = true
    }

    private init(borrowedStorage: Storage) {
        storage = .allocate(capacity: 1)
        storage.initialize(to: borrowedStorage)
        ownsArrays = false
    }

    /// The bytes `borrowing` lays a column of `count` values and `textCount` text bytes out
    /// in: payloads, rows, kinds and text, each padded to 8 bytes, so columns laid out one
    /// after another stay aligned.
    static func borrowedBytes(count: Int, textCount: Int) -> Int {
        borrowedLayout(count: count).text + padded(textCount)
    }

    /// Where `borrowing` puts rows, kinds and text after the payloads, which come first.
    private static func borrowedLayout(count: Int) -> (rows: Int, kinds: Int, text: Int) {
        let rows = count * 8
        let kinds = rows + padded(count * 4)
        return (rows, kinds, kinds + padded(count))
    }

    private static func padded(_ bytes: Int) -> Int { (bytes + 7) & ~7 }

    /// A column of `count` uninitialised values and `textCount` text bytes laid out in
    /// `memory`, 8-byte aligned and `borrowedBytes(count:textCount:)` long, which the caller
    /// fills through the column's bases. The caller owns `memory` and must keep it, unchanged,
    /// for as long as the column is used; the column never frees it.
    static func borrowing(
        _ memory: UnsafeMutableRawPointer, count: Int, textCount: Int, kindMask: KindMask
    ) -> ColumnValues {
        let layout = borrowedLayout(count: count)
        let (payloads, rows) = (memory, memory + layout.rows)
        let (kinds, text) = (memory + layout.kinds, memory + layout.text)
        var storage = Storage()
        storage.payloadsBase = payloads.bindMemory(to: Int64.self, capacity: count)
        storage.rowsBase = rows.bindMemory(to: UInt32.self, capacity: count)
        storage.kindsBase = kinds.bindMemory(to: UInt8.self, capacity: count)
        (storage.count, storage.capacity) = (UInt32(count), UInt32(count))
        storage.text = RawBuffer(
            base: text.bindMemory(to: UInt8.self, capacity: textCount),
            count: UInt32(textCount), capacity: UInt32(textCount))
        storage.kindMask = kindMask
        return ColumnValues(borrowedStorage: storage)
    }

    /// A column without values, which holds no memory: a placeholder for one moved away.
    static let empty = ColumnValues()

    /// A column of `count` values whose arrays the caller fills through `fill`.
    convenience init(
        count: Int, textCount: Int, textBase: Int, kindMask: KindMask,
        fill: (
            UnsafeMutablePointer<UInt32>?, UnsafeMutablePointer<UInt8>?,
            UnsafeMutablePointer<Int64>?, UnsafeMutablePointer<UInt8>?
        ) throws -> Void
    ) rethrows {
        self.init()
        storage.pointee = Storage(uninitializedCount: count)
        storage.pointee.text = RawBuffer(uninitializedCount: textCount)
        storage.pointee.textBase = textBase
        storage.pointee.kindMask = kindMask
        try fill(rows.base, kinds.base, payloads.base, text.base)
    }

    /// A column of `count` values whose rows, kinds and payloads `fill` writes; its text
    /// comes after, through `setText(count:base:kindMask:fill:)`.
    convenience init(
        count: Int,
        fill: (
            UnsafeMutablePointer<UInt32>, UnsafeMutablePointer<UInt8>,
            UnsafeMutablePointer<Int64>
        ) throws -> Void
    ) rethrows {
        self.init()
        storage.pointee = Storage(uninitializedCount: count)
        if count > 0 { try fill(rows.base!, kinds.base!, payloads.base!) }
    }

    /// Sets the text of a column made by `init(count:fill:)`: `count` bytes that `fill`
    /// writes in place (it gets nil when `count` is 0), which start at offset `base` of the
    /// column's text. When `fill` throws, the column keeps an uninitialised text.
    func setText(
        count: Int, base: Int, kindMask: KindMask,
        fill: (UnsafeMutableRawPointer?) throws -> Void
    ) rethrows {
        storage.pointee.text.deallocate()
        storage.pointee.text = RawBuffer(uninitializedCount: count)
        storage.pointee.textBase = base
        storage.pointee.kindMask = kindMask
        try fill(count > 0 ? text.base.map { UnsafeMutableRawPointer($0) } : nil)
    }

    deinit {
        if ownsArrays { storage.pointee.deallocate() }
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    var count: Int { rows.count }

    /// The text of value `index`, valid while this column lives.
    @inline(__always)
    func textBytes(_ index: Int) -> UnsafeRawBufferPointer {
        let payload = payloads[index]
        let start = TextRef.offset(payload) - textBase
        return UnsafeRawBufferPointer(
            start: text.base.map { UnsafeRawPointer($0 + start) }, count: TextRef.length(payload))
    }

    /// The 8-byte number stored before the text of value `index` (`integerText`, `fraction`).
    @inline(__always)
    func numberPrefix(_ index: Int) -> Int64 {
        let start = TextRef.offset(payloads[index]) - textBase - 8
        return UnsafeRawPointer(text.base.unsafelyUnwrapped + start).loadUnaligned(as: Int64.self)
    }

    /// The kind of value `index`.
    @inline(__always)
    func kind(_ index: Int) -> ValueKind { ValueKind(rawValue: kinds[index]).unsafelyUnwrapped }

    /// The first value index whose row is at least `row`, searching `range`.
    func firstIndex(atOrAfterRow row: UInt32, in range: Range<Int>) -> Int {
        var (low, high) = (range.lowerBound, range.upperBound)
        while low < high {
            let middle = (low + high) / 2
            if rows[middle] < row { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
