/// The last string a batch's column interned, kept beside the column's storage so that a
/// repeat of it (40% of lookups: a session repeats its library, locale, page) takes its id
/// without reading the dictionary object, its entries or its table, three cache misses.
///
/// A repeat may skip the dictionary only while skipping changes nothing the dictionary would
/// decide: once it has passed its `KeyDictionary.checkAfterLookups` check (so the lookups it
/// no longer counts cannot close it) and while it has not closed since. The second is tracked
/// by the worker's `DictionaryClosings` count, which every closing moves on, whichever batch
/// or table shares the dictionary. Ids never change, so a growing dictionary does not matter.
struct RecentString {
    /// Values longer than this are not kept: most repeated values (library names, locales,
    /// app versions, time zones) fit, and a larger slot would spread the batch's slots over
    /// more cache lines.
    static let capacity = 24

    private var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
    private var count: UInt32 = 0
    private var id: UInt32 = 0
    /// The `DictionaryClosings` count the value was kept at; 0 for none.
    private var closings = 0

    init() {}

    /// The id of `value` if it is the kept value and the closing count is still `closings`.
    @inline(__always)
    func id(of value: UnsafeRawBufferPointer, closings: Int) -> UInt32? {
        guard self.closings == closings, value.count == Int(count) else { return nil }
        let isEqual = withUnsafeBytes(of: words) {
            ShortBytes.equal($0.baseAddress, value.baseAddress, count: value.count)
        }
        return isEqual ? id : nil
    }

    /// Keeps `value` and its `id`, given by `dictionary` with the closing count at `closings`,
    /// when the dictionary may be skipped for its repeats; forgets any kept value otherwise.
    mutating func keep(
        _ value: UnsafeRawBufferPointer, id: UInt32, dictionary: KeyDictionary, closings: Int
    ) {
        guard dictionary.hasPassedCheck, value.count <= Self.capacity, !dictionary.isClosed else {
            self.closings = 0
            return
        }
        withUnsafeMutableBytes(of: &words) { Self.copy(value, to: $0) }
        count = UInt32(value.count)
        self.id = id
        self.closings = closings
    }

    /// Copies `value`, at most `capacity` bytes, with a few overlapping word stores instead of
    /// a `memcpy` call or a byte loop, which cost more than the copy.
    @inline(__always)
    private static func copy(
        _ value: UnsafeRawBufferPointer, to words: UnsafeMutableRawBufferPointer
    ) {
        let count = value.count
        guard count > 0 else { return }
        let (source, target) = (
            value.baseAddress.unsafelyUnwrapped, words.baseAddress.unsafelyUnwrapped
        )
        if count >= 8 {
            var offset = 0
            while offset + 8 < count {
                target.storeBytes(
                    of: source.loadUnaligned(fromByteOffset: offset, as: UInt64.self),
                    toByteOffset: offset, as: UInt64.self)
                offset += 8
            }
            target.storeBytes(
                of: source.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self),
                toByteOffset: count - 8, as: UInt64.self)
            return
        }
        for offset in 0..<count {
            target.storeBytes(
                of: source.load(fromByteOffset: offset, as: UInt8.self), toByteOffset: offset,
                as: UInt8.self)
        }
    }
}
