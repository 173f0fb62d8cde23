// Exact decimal reading of RFC 8259 section 6 number text, for numeric comparison.

/// A JSON number as sign, significant digits and a power of ten: the value is
/// `digits × 10^exponent`, with no leading or trailing zeros in `digits` (empty for zero).
struct JSONDecimal: Equatable {
    /// Exponents are clamped to this magnitude; numbers whose exponents both exceed it
    /// (values beyond 10^(10^15)) compare by digits alone, a harmless inexactness for
    /// text no real document contains.
    static let exponentLimit = 1_000_000_000_000_000

    var isNegative = false
    var digits: [UInt8] = []
    var exponent = 0

    var isZero: Bool { digits.isEmpty }

    /// - Precondition: `text` matches the RFC 8259 number grammar.
    init(_ text: String) {
        var fractionDigitCount = 0
        var isInFraction = false
        var utf8 = text.utf8.makeIterator()
        while let b = utf8.next() {
            switch b {
            case UInt8(ascii: "-"): isNegative = true
            case UInt8(ascii: "."): isInFraction = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                exponent = JSONDecimal.readExponent(&utf8)
            default:
                if digits.isEmpty && b == UInt8(ascii: "0") {
                    if isInFraction { fractionDigitCount += 1 }
                    continue
                }
                digits.append(b)
                if isInFraction { fractionDigitCount += 1 }
            }
        }

        exponent = JSONDecimal.clamp(exponent - fractionDigitCount)
        while let last = digits.last, last == UInt8(ascii: "0") {
            digits.removeLast()
            exponent = JSONDecimal.clamp(exponent + 1)
        }
        if digits.isEmpty { (isNegative, exponent) = (false, 0) }
    }

    private static func readExponent(_ utf8: inout String.UTF8View.Iterator) -> Int {
        var sign = 1
        var value = 0
        while let b = utf8.next() {
            if b == UInt8(ascii: "-") {
                sign = -1
            } else if b != UInt8(ascii: "+") {
                value = min(value * 10 + Int(b - UInt8(ascii: "0")), exponentLimit)
            }
        }
        return sign * value
    }

    private static func clamp(_ value: Int) -> Int {
        min(max(value, -exponentLimit), exponentLimit)
    }
}
