import SluiceWarehouse

/// What one stored value is, and so what its 64-bit payload means.
///
/// Text lives in the column's text bytes; a text reference packs the offset of the text in
/// the high 32 bits and its length in the low 32 (`TextRef`). A number kept with its text has
/// its 8-byte value stored just before the text.
enum ValueKind: UInt8, CaseIterable, Sendable {
    /// JSON `null`; payload 0.
    case null
    /// Payload 1 for `true`, 0 for `false`.
    case bool
    /// An integer written plainly that fits `Int64`; payload is the value, and its text is
    /// the value's decimal form.
    case integer
    /// An integer that fits `Int64` but is written otherwise (`-0`); payload is a text
    /// reference, the value before the text.
    case integerText
    /// Any other number (a fraction, an exponent, an integer beyond `Int64`); payload is a
    /// text reference to the number as written, its `Double` bit pattern before the text.
    case fraction
    /// A string; payload is a text reference to its decoded UTF-8.
    case string
    /// A string interned in the worker's `StringInterner` under the value's key; payload is
    /// its id there.
    case internedString
    /// An array or object kept whole; payload is a text reference to its compact JSON.
    case structured
    /// A parsed timestamp (standard columns only); payload is microseconds since the epoch.
    case timestamp

    /// Whether the payload is a text reference into the column's text bytes.
    @inline(__always)
    var hasText: Bool {
        switch self {
        case .integerText, .fraction, .string, .structured: return true
        default: return false
        }
    }

    /// Whether a number's 8-byte value precedes the text.
    @inline(__always)
    var hasNumberPrefix: Bool { self == .integerText || self == .fraction }

    /// The warehouse stage's name for this kind of value.
    var observedKind: ObservedKinds {
        switch self {
        case .null: return .null
        case .bool: return .boolean
        case .integer, .integerText: return .integer
        case .fraction: return .fraction
        case .string, .internedString: return .string
        case .structured: return .structured
        case .timestamp: return []
        }
    }

    /// `observedKind` of every kind, indexed by raw value, for loops over stored kinds.
    static let observedKinds: [ObservedKinds] = (0...UInt8.max).map {
        ValueKind(rawValue: $0)?.observedKind ?? []
    }

    /// This kind as a bit of a `KindMask`.
    @inline(__always)
    var bit: UInt16 { 1 << UInt16(rawValue) }

    /// The kinds whose payload is a text reference (`hasText`), as a `KindMask`.
    static let textMask: KindMask = allCases.filter(\.hasText).reduce(0) { $0 | $1.bit }

    /// The kinds whose text follows an 8-byte number (`hasNumberPrefix`), as a `KindMask`.
    static let numberPrefixMask: KindMask =
        allCases.filter(\.hasNumberPrefix).reduce(0) { $0 | $1.bit }
}

/// A set of `ValueKind`s, one bit each.
typealias KindMask = UInt16

/// Packs and unpacks the text reference of a stored value.
enum TextRef {
    @inline(__always)
    static func make(offset: Int, length: Int) -> Int64 {
        Int64(bitPattern: UInt64(UInt32(offset)) << 32 | UInt64(UInt32(length)))
    }

    @inline(__always)
    static func offset(_ payload: Int64) -> Int { Int(UInt64(bitPattern: payload) >> 32) }

    @inline(__always)
    static func length(_ payload: Int64) -> Int { Int(UInt64(bitPattern: payload) & 0xFFFF_FFFF) }
}
