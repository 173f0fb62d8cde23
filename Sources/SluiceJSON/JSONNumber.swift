/// A JSON number with its exact source text.
///
/// `text` is the number exactly as written (`1`, `1.0`, `-2.5e3`), so nothing is rounded
/// on the way through. `int64` is set only when the text has no fraction and no exponent
/// and fits in `Int64`, so an integer stays an integer and `1.0` stays recognisably a
/// number written with a fraction. Two numbers are equal (and hash alike) when their texts
/// are equal; numeric equality (`1 == 1.0`) is the caller's choice, see
/// `isNumericallyEqual(to:)`.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The source text, or `nil` when it is exactly `String(int64!)`: most integers in
    /// events are written that way, and not building their text saves a string per number.
    private let writtenText: String?

    /// The value when written as an integer that fits `Int64`; `nil` otherwise.
    public let int64: Int64?

    /// Whether the text has no fraction and no exponent (`3`, `-40`, `123456789012345678901`).
    public let isWrittenAsInteger: Bool

    /// The number as written in the source.
    public var text: String { writtenText ?? String(int64!) }

    /// Creates a number from already-validated JSON number text.
    ///
    /// - Precondition: `text` matches the RFC 8259 number grammar.
    public init(validatedText text: String) {
        let isInteger = !text.utf8.contains {
            $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e")
        }
        self.init(text: text, int64: isInteger ? Int64(text) : nil, isWrittenAsInteger: isInteger)
    }

    /// Creates a number from an integer.
    public init(_ value: Int64) {
        self.init(text: String(value), int64: value, isWrittenAsInteger: true)
    }

    /// Creates a number from a finite double, written in Swift's shortest round-trip form
    /// (`0.1`, `1e+20`, `100.0`), which is valid JSON number text.
    ///
    /// - Precondition: `value` is finite (JSON has no NaN or infinity).
    public init(_ value: Double) {
        precondition(value.isFinite, "JSON numbers must be finite, got \(value)")
        self.init(text: "\(value)", int64: nil, isWrittenAsInteger: false)
    }

    /// - Precondition: `text` is valid number text; `int64` is its value when it is written
    ///   as an integer that fits.
    init(text: String, int64: Int64?, isWrittenAsInteger: Bool) {
        let isCanonical = int64 != nil && !(int64 == 0 && text.utf8.first == UInt8(ascii: "-"))
        self.init(
            writtenText: isCanonical ? nil : text, int64: int64,
            isWrittenAsInteger: isWrittenAsInteger)
    }

    /// - Precondition: `writtenText` is `nil` only when the text is `String(int64!)`.
    init(writtenText: String?, int64: Int64?, isWrittenAsInteger: Bool) {
        self.writtenText = writtenText
        self.int64 = int64
        self.isWrittenAsInteger = isWrittenAsInteger
    }

    /// The nearest `Double` to the written value (correctly rounded; `±infinity` beyond
    /// the `Double` range, `±0` below it). Computed from `text` on every access, so read
    /// it once when it is needed in a loop; use `text` when exactness matters.
    public var double: Double {
        if let int64, int64 != 0 { return Double(int64) }
        var text = text
        return text.withUTF8 { Self.double(utf8: UnsafeRawBufferPointer($0)) }
    }

    /// Whether the value is mathematically an integer (`1`, `1.0`, `1e2`, `1e400`,
    /// `-0`), as JSON Schema counts integers. Decided exactly from the decimal text.
    public var isMathematicalInteger: Bool {
        if int64 != nil { return true }
        let decimal = JSONDecimal(text)
        return decimal.isZero || decimal.exponent >= 0
    }

    /// Numeric equality as JSON Schema uses it: `1` equals `1.0`, `1e2` equals `100`,
    /// `0` equals `-0`. Decided exactly from the decimal texts, so integers beyond the
    /// `Double` precision are only equal when they are the same integer.
    public func isNumericallyEqual(to other: JSONNumber) -> Bool {
        if let a = int64, let b = other.int64 { return a == b }
        if self == other { return true }
        return JSONDecimal(text) == JSONDecimal(other.text)
    }

    public var description: String { text }

    /// Appends `text` as UTF-8 without building a `String` for integers stored as `int64`.
    func appendText(to out: inout [UInt8]) {
        if let writtenText {
            out.append(contentsOf: writtenText.utf8)
            return
        }

        Self.appendDecimal(int64!, to: &out)
    }

    /// Appends the decimal text of `value` (`String(value)`) as UTF-8, building no `String`.
    public static func appendDecimal(_ value: Int64, to out: inout [UInt8]) {
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0

            if value < 0 { out.append(UInt8(ascii: "-")) }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start..<20]))
        }
    }

    /// Text equality. Equal texts are always stored alike (both as `int64` alone or both
    /// with their text), so the two forms never need comparing with each other.
    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        switch (lhs.writtenText, rhs.writtenText) {
        case (nil, nil): return lhs.int64 == rhs.int64
        case (let a?, let b?): return a == b
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        if let writtenText { hasher.combine(writtenText) } else { hasher.combine(int64) }
    }
}
