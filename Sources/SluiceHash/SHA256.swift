// SHA-256 as specified by NIST FIPS 180-4, "Secure Hash Standard" (August 2015):
// constants section 4.2.2, padding section 5.1.1, initial hash value section 5.3.3,
// message schedule and compression section 6.2.2.

/// A streaming SHA-256 hasher.
///
/// Feed bytes with `update` in as many pieces as convenient, then call `finalize` once
/// for the 32-byte digest. A value is not shared between threads while it is being
/// updated; copies are independent (value semantics).
public struct SHA256: Sendable {
    /// Digest length in bytes (256 bits).
    public static let digestByteCount = 32

    /// Block length in bytes the compression function consumes (512 bits).
    public static let blockByteCount = 64

    var state: [UInt32]
    private var pending: [UInt8]
    private var messageByteCount: UInt64

    public init() {
        state = SHA256.initialState
        pending = []
        pending.reserveCapacity(SHA256.blockByteCount)
        messageByteCount = 0
    }

    /// Appends `bytes` to the message. The bytes are copied or consumed before the call
    /// returns; the caller keeps ownership of the buffer.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        var offset = 0
        messageByteCount &+= UInt64(bytes.count)

        // Complete a partially filled block first.
        if !pending.isEmpty {
            let take = min(SHA256.blockByteCount - pending.count, bytes.count)
            pending.append(contentsOf: UnsafeRawBufferPointer(start: base, count: take))
            offset = take
            flushPendingIfFull()
        }

        while bytes.count - offset >= SHA256.blockByteCount {
            compress(block: base + offset)
            offset += SHA256.blockByteCount
        }

        if offset < bytes.count {
            pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[offset...]))
        }
    }

    /// Appends `bytes` to the message.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Pads the message, returns its 32-byte digest and resets the hasher to the state of
    /// `init()`, so the value can be reused for a new message.
    public mutating func finalize() -> [UInt8] {
        let bitLength = messageByteCount &* 8
        pending.append(0x80)
        let zeroCount = (SHA256.blockByteCount + 56 - pending.count) % SHA256.blockByteCount
        pending.append(contentsOf: repeatElement(0, count: zeroCount))

        for shift in stride(from: 56, through: 0, by: -8) {
            pending.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        compressPending()

        var digest = [UInt8]()
        digest.reserveCapacity(SHA256.digestByteCount)
        for word in state {
            digest.append(contentsOf: [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: word >> $0) })
        }

        self = SHA256()
        return digest
    }

    /// The lowercase hexadecimal SHA-256 digest of `bytes`.
    public static func hexDigest(of bytes: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.update(bytes)
        return hexString(hasher.finalize())
    }

    /// Lowercase hexadecimal spelling of `bytes`, two digits per byte.
    static func hexString(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private mutating func flushPendingIfFull() {
        if pending.count == SHA256.blockByteCount {
            compressPending()
        }
    }

    private mutating func compressPending() {
        let block = pending
        var offset = 0
        while offset < block.count {
            block.withUnsafeBytes { compress(block: $0.baseAddress! + offset) }
            offset += SHA256.blockByteCount
        }
        pending.removeAll(keepingCapacity: true)
    }
}
