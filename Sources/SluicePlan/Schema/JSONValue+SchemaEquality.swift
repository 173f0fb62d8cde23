import SluiceJSON

extension JSONValue {
    /// Equality as JSON Schema's `enum`, `const` and `uniqueItems` use it (draft-07 section
    /// 4.2.2): numbers compare by value (`1` equals `1.0`), objects regardless of key order.
    func isSchemaEqual(to other: JSONValue) -> Bool {
        switch (self, other) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a.isNumericallyEqual(to: b)
        case (.string(let a), .string(let b)):
            // Code points, not Swift's canonical equivalence: "é" and "e\u{301}" differ.
            return a.isByteEqual(to: b)
        case (.array(let a), .array(let b)):
            guard a.count == b.count else { return false }
            return zip(a, b).allSatisfy { $0.isSchemaEqual(to: $1) }
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            return a.allSatisfy { key, value in
                guard let otherValue = b[key] else { return false }
                return value.isSchemaEqual(to: otherValue)
            }
        default: return false
        }
    }
}

extension JSONValue {
    /// A hash consistent with `isSchemaEqual`: schema-equal values hash alike (numbers by
    /// their `Double`, objects independently of key order).
    var schemaHash: Int {
        var hasher = Hasher()
        combineSchemaHash(into: &hasher)
        return hasher.finalize()
    }

    private func combineSchemaHash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let bool): hasher.combine(bool)
        case .number(let number): hasher.combine(number.double == 0 ? 0 : number.double)
        case .string(let string): string.utf8.forEach { hasher.combine($0) }
        case .array(let elements):
            hasher.combine(elements.count)
            for element in elements { element.combineSchemaHash(into: &hasher) }
        case .object(let object):
            // Order-independent: add up the members' own hashes.
            var sum = 0
            for (key, value) in object {
                var member = Hasher()
                key.utf8.forEach { member.combine($0) }
                value.combineSchemaHash(into: &member)
                sum &+= member.finalize()
            }
            hasher.combine(sum)
        }
    }
}

extension JSONNumber {
    /// Orders two numbers exactly: as `Int64`s when both are, else by nearest `Double`,
    /// and by their decimal digits when those tie (`9223372036854775808` and
    /// `9223372036854775807` are one double). Rounding to the nearest double never reverses
    /// an order, so only a tie needs the digits.
    func compare(to other: JSONNumber) -> Int {
        if let a = int64, let b = other.int64 { return a < b ? -1 : (a == b ? 0 : 1) }
        let order = Self.compare(double, other.double)
        guard order == 0 else { return order }
        return DecimalDigits.compare(text, other.text) ?? 0
    }

    /// Orders two `Double`s read once each (`double` parses the text on every access).
    static func compare(_ a: Double, _ b: Double) -> Int {
        a < b ? -1 : (a == b ? 0 : 1)
    }

    /// Whether `self` is an integer multiple of `divisor` (draft-07 section 6.2.1), computed
    /// on the decimal digits so `0.0075` is a multiple of `0.0001`.
    func isMultiple(of divisor: JSONNumber) -> Bool {
        if let exact = DecimalDigits.isMultiple(text, of: divisor.text) { return exact }
        let quotient = double / divisor.double
        guard quotient.isFinite else { return true }
        return quotient == quotient.rounded(.towardZero)
    }
}

/// Exact decimal divisibility for numbers whose scaled divisor fits in 64 bits.
enum DecimalDigits {
    /// Longest run of digits (after scaling) the exact check walks; longer falls back to
    /// `Double`, whose error is negligible at that magnitude.
    static let maximumScaledDigits = 4096

    /// `nil` when the exact method does not apply (divisor too long, zero, malformed).
    static func isMultiple(_ value: String, of divisor: String) -> Bool? {
        guard let a = DecimalText(value.utf8), let b = DecimalText(divisor.utf8) else {
            return nil
        }
        let exponent = min(a.exponent, b.exponent)
        let divisorZeros = b.exponent - exponent
        let valueZeros = a.exponent - exponent
        guard divisorZeros + b.digits.count <= 19,
            valueZeros + a.digits.count <= maximumScaledDigits
        else { return nil }

        var modulus: UInt64 = 0
        for digit in b.digits { modulus = modulus * 10 + UInt64(digit) }
        for _ in 0..<divisorZeros { modulus *= 10 }
        guard modulus != 0 else { return nil }

        var remainder: UInt64 = 0
        let zeros = repeatElement(UInt8(0), count: valueZeros)
        for digit in a.digits + zeros {
            let wide = UInt128(remainder) * 10 + UInt128(digit)
            remainder = UInt64(wide % UInt128(modulus))
        }
        return remainder == 0
    }

    /// The exact order of two JSON number texts, -1, 0 or 1; nil when either is malformed
    /// or has an exponent past `DecimalText.exponentLimit`.
    static func compare(_ a: String, _ b: String) -> Int? {
        guard let x = DecimalText(a.utf8), let y = DecimalText(b.utf8) else { return nil }
        return DecimalText.compare(x, y)
    }
}
