/// A JSON number with its exact source text.
///
/// `text` is the number exactly as written (`1`, `1.0`, `-2.5e3`). `int64` is set only when
/// the text has no fraction and no exponent and fits in `Int64`, so an integer stays an integer
/// and `1.0` stays recognisably a number written with a fraction. `double` is the nearest
/// `Double`, which may be rounded or infinite for very large values: use `text` when exactness
/// matters. Two numbers are equal (and hash alike) when their texts are equal; numeric equality
/// (`1 == 1.0`) is the caller's choice, see `isNumericallyEqual(to:)`.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number as written in the source.
    public let text: String

    /// The value when written as an integer that fits `Int64`; `nil` otherwise.
    public let int64: Int64?

    /// The nearest `Double` to the written value.
    public let double: Double

    /// Creates a number from already-validated JSON number text.
    ///
    /// - Precondition: `text` matches the RFC 8259 number grammar.
    public init(validatedText text: String) {
        self.text = text
        let isInteger = !text.utf8.contains {
            $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e")
        }
        self.int64 = isInteger ? Int64(text) : nil
        self.double = Double(text) ?? .nan
    }

    /// Creates a number from an integer.
    public init(_ value: Int64) {
        self.text = String(value)
        self.int64 = value
        self.double = Double(value)
    }

    /// Creates a number from a finite double, written in Swift's shortest round-trip form.
    ///
    /// - Precondition: `value` is finite (JSON has no NaN or infinity).
    public init(_ value: Double) {
        precondition(value.isFinite, "JSON numbers must be finite, got \(value)")
        self.text = "\(value)"
        self.int64 = nil
        self.double = value
    }

    /// Whether the text has no fraction and no exponent (`3`, `-40`, `123456789012345678901`).
    public var isWrittenAsInteger: Bool {
        !text.utf8.contains { $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e") }
    }

    /// Whether the value is mathematically an integer (`1`, `1.0`, `1e2`), as JSON Schema
    /// counts integers.
    public var isMathematicalInteger: Bool {
        if int64 != nil { return true }
        return double.isFinite && double == double.rounded(.towardZero)
    }

    /// Numeric equality as JSON Schema uses it: `1` equals `1.0`.
    public func isNumericallyEqual(to other: JSONNumber) -> Bool {
        if let a = int64, let b = other.int64 { return a == b }
        if text == other.text { return true }
        return double == other.double
    }

    public var description: String { text }
}
