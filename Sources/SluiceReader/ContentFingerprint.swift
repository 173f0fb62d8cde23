// FNV-1a, 128-bit variant (draft-eastlake-fnv section 2: offset basis and prime for
// 128 bits), over bytes.

/// A stable 128-bit fingerprint of `bytes` as 32 lowercase hex digits.
///
/// FNV-1a is used because it is tiny and stable across platforms and releases, and the
/// fingerprint only needs to tell apart the events of one load that lack a messageId; it is
/// not a defence against crafted collisions.
/// It stays FNV-1a although the job hashes with SluiceHash elsewhere: the value becomes the
/// event's id in the tables and in the cross-run dedupe index, so another hash would make
/// the id-less events of earlier runs look new to later ones.
func contentFingerprint(_ bytes: UnsafeRawBufferPointer) -> String {
    // The 128-bit prime is 2^88 + 0x13B, so a multiply is a shift and a small multiply.
    var high: UInt64 = 0x6c62_272e_07bb_0142
    var low: UInt64 = 0x62b8_2175_6295_c58d
    for byte in bytes {
        low ^= UInt64(byte)
        let (carry, product) = low.multipliedFullWidth(by: 0x13B)
        high = carry &+ high &* 0x13B &+ (low << 24)
        low = product
    }

    let digits = Array("0123456789abcdef".utf8)
    var text = [UInt8](repeating: 0, count: 32)
    for i in 0..<16 {
        let word = i < 8 ? high : low
        let byte = UInt8(truncatingIfNeeded: word >> (8 * (7 - UInt64(i % 8))))
        text[2 * i] = digits[Int(byte >> 4)]
        text[2 * i + 1] = digits[Int(byte & 15)]
    }
    return String(decoding: text, as: UTF8.self)
}

/// `contentFingerprint` of an array's bytes.
func contentFingerprint(_ bytes: [UInt8]) -> String {
    bytes.withUnsafeBytes { contentFingerprint($0) }
}
