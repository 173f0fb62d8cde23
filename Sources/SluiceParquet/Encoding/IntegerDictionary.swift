// Encodings.md "Dictionary Encoding": for INT32 and INT64 columns the dictionary page holds
// the distinct values PLAIN encoded (4 or 8 bytes little-endian each) in id order.

/// The distinct INT32 or INT64 values of one column chunk, in first-seen order.
///
/// Values are widened to their 64-bit pattern and indexed by an open-addressing table of
/// ids; all storage is raw memory owned by this object, so a lookup does no reference
/// counting and allocates nothing. Not thread-safe.
final class IntegerDictionary {
    /// Bytes per value in the dictionary page: 4 for INT32, 8 for INT64.
    let width: Int
    /// `UInt64` value of each entry, in id order.
    private let values = ByteBuffer()
    /// Per slot the entry id + 1; 0 is empty.
    private var slots: UnsafeMutableBufferPointer<UInt32>
    private(set) var count = 0

    private static let initialSlots = 1024

    init(width: Int) {
        self.width = width
        slots = .allocate(capacity: Self.initialSlots)
        slots.initialize(repeating: 0)
    }

    deinit { slots.deallocate() }

    var plainEncodedSize: Int { count * width }

    func removeAll() {
        count = 0
        values.removeAll()
        slots.update(repeating: 0)
    }

    /// The id of `value`, adding it if it is new. The caller watches `plainEncodedSize`
    /// against its limit.
    @inline(__always)
    func id(of value: UInt64) -> Int {
        let mask = slots.count - 1
        var slot = Self.slot(of: value, mask: mask)
        while true {
            let content = slots[slot]
            if content == 0 { break }
            let entry = Int(content) - 1
            if values.loadNative(UInt64.self, at: entry) == value { return entry }
            slot = (slot + 1) & mask
        }

        values.appendNative(value)
        slots[slot] = UInt32(count + 1)
        count += 1
        if count * 2 > slots.count { grow() }
        return count - 1
    }

    /// Appends the PLAIN dictionary page body (values in id order) to `body`.
    func encodePlain(into body: ByteBuffer) {
        for entry in 0..<count {
            let value = values.loadNative(UInt64.self, at: entry)
            if width == 4 {
                body.appendLittleEndian(UInt32(truncatingIfNeeded: value))
            } else {
                body.appendLittleEndian(value)
            }
        }
    }

    @inline(__always)
    private static func slot(of value: UInt64, mask: Int) -> Int {
        let mixed = (value ^ value >> 29) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed >> 20) & mask
    }

    private func grow() {
        let larger = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: slots.count * 2)
        larger.initialize(repeating: 0)
        let mask = larger.count - 1
        for entry in 0..<count {
            var slot = Self.slot(of: values.loadNative(UInt64.self, at: entry), mask: mask)
            while larger[slot] != 0 { slot = (slot + 1) & mask }
            larger[slot] = UInt32(entry + 1)
        }
        slots.deallocate()
        slots = larger
    }
}
