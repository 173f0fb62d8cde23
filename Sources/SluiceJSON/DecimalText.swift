/// A JSON number's text read exactly, as its sign, significant digits and power of ten, for
/// the questions the nearest `Double` answers wrongly: whether `9007199254740993.0` is an
/// integer and which (the double says ...992), and how `9223372036854775808` orders against
/// `9223372036854775807` (one double).
public struct DecimalText: Sendable, Equatable {
    public var isNegative: Bool
    /// The significant digits, 0 to 9, without leading zeros; empty for zero.
    public var digits: [UInt8]
    /// The power of ten the digits are scaled by: the value is `digits` × 10^`exponent`.
    public var exponent: Int

    /// Exponents this large or larger, as written, are not read: such a number is far beyond
    /// any range the callers compare or convert in. A zero is read whatever its exponent.
    public static let exponentLimit = 100_000

    /// Reads `text`, a JSON number (`-`, digits, an optional fraction, an optional
    /// exponent); nil when it is not one, or when it is not zero and its exponent reaches
    /// `exponentLimit`. A zero is read whatever its exponent (`0e999999`).
    public init?(_ text: some Collection<UInt8>) {
        var bytes = text[...]
        isNegative = bytes.first == UInt8(ascii: "-")
        if isNegative { bytes = bytes.dropFirst() }
        digits = []
        exponent = 0
        var sawDigit = false
        var sawPoint = false
        while let byte = bytes.first, byte | 0x20 != UInt8(ascii: "e") {
            bytes = bytes.dropFirst()
            if byte == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
                continue
            }
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            sawDigit = true
            if !(digits.isEmpty && byte == UInt8(ascii: "0")) {
                digits.append(byte - UInt8(ascii: "0"))
            }
            if sawPoint { exponent -= 1 }
        }
        guard sawDigit else { return nil }
        guard !bytes.isEmpty else { return }

        bytes = bytes.dropFirst()
        let isNegativeExponent = bytes.first == UInt8(ascii: "-")
        if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") {
            bytes = bytes.dropFirst()
        }
        guard !bytes.isEmpty else { return nil }
        var written = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            // A zero's exponent scales nothing: its digits are only checked.
            if digits.isEmpty { continue }
            written = written * 10 + Int(byte - UInt8(ascii: "0"))
            guard written < Self.exponentLimit else { return nil }
        }
        exponent = digits.isEmpty ? 0 : exponent + (isNegativeExponent ? -written : written)
    }

    public var isZero: Bool { digits.isEmpty }

    /// The value when it is an integer within `Int64`, else nil.
    public var int64: Int64? {
        guard !isZero else { return 0 }
        // Digits below the units place must be zeros.
        let whole = digits.count + min(exponent, 0)
        guard whole > 0, digits[whole...].allSatisfy({ $0 == 0 }) else { return nil }
        var magnitude: UInt64 = 0
        for position in 0..<(whole + max(exponent, 0)) {
            let digit = position < whole ? UInt64(digits[position]) : 0
            let (times, overflowTimes) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflowSum) = times.addingReportingOverflow(digit)
            guard !overflowTimes, !overflowSum else { return nil }
            magnitude = sum
        }
        if isNegative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude)
        }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    /// The exact order of two numbers: -1, 0 or 1.
    public static func compare(_ a: DecimalText, _ b: DecimalText) -> Int {
        let (signA, signB) = (a.sign, b.sign)
        guard signA == signB else { return signA < signB ? -1 : 1 }
        guard signA != 0 else { return 0 }
        // Where the leading digit sits decides first, then the digits from there on.
        let (leadA, leadB) = (a.digits.count + a.exponent, b.digits.count + b.exponent)
        guard leadA == leadB else { return leadA < leadB ? -signA : signA }
        for index in 0..<max(a.digits.count, b.digits.count) {
            let x = index < a.digits.count ? a.digits[index] : 0
            let y = index < b.digits.count ? b.digits[index] : 0
            if x != y { return x < y ? -signA : signA }
        }
        return 0
    }

    /// -1, 0 or 1; zero has no sign (`-0` is 0).
    private var sign: Int { isZero ? 0 : (isNegative ? -1 : 1) }
}
