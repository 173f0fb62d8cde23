/// A 128-bit hash value, as produced by `Fingerprint128`.
///
/// Ordering compares `high` first, then `low`, i.e. the value as one unsigned 128-bit
/// integer. Cheap to copy; no storage outside the value.
public struct Hash128: Hashable, Sendable, Comparable, CustomStringConvertible, BitwiseCopyable {
    /// The most significant 64 bits.
    public var high: UInt64
    /// The least significant 64 bits.
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// 32 lowercase hexadecimal digits, most significant first (`high` then `low`).
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8](repeating: 0, count: 32)
        for index in 0..<32 {
            let word = index < 16 ? high : low
            let shift = UInt64(60 - (index % 16) * 4)
            text[index] = digits[Int((word >> shift) & 0xF)]
        }
        return String(decoding: text, as: UTF8.self)
    }

    public var description: String { hex }

    public static func < (lhs: Hash128, rhs: Hash128) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }
}
