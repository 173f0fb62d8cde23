// RFC 3492 section 6.2 (Punycode decoding) and RFC 5891 section 5.4 (A-label checks).

/// Just enough Punycode to tell a well-formed A-label (`xn--...`) from a malformed one.
enum Punycode {
    private static let base = 36
    private static let tMin = 1
    private static let tMax = 26
    private static let skew = 38
    private static let damp = 700
    private static let initialBias = 72
    private static let initialN = 128

    /// Whether `label` (starting `xn--`) decodes to a U-label that passes `IDNARules`.
    static func isValidALabel(_ label: ArraySlice<UInt8>) -> Bool {
        guard let decoded = decode(label.dropFirst(4)) else { return false }
        return IDNARules.isValidULabel(decoded)
    }

    /// Decodes the Punycode part of an A-label; `nil` when malformed.
    static func decode(_ input: ArraySlice<UInt8>) -> [Unicode.Scalar]? {
        var output: [UInt32] = []
        var rest = input
        if let delimiter = input.lastIndex(of: UInt8(ascii: "-")) {
            output = input[..<delimiter].map(UInt32.init)
            rest = input[(delimiter + 1)...]
        }

        var n = initialN
        var i = 0
        var bias = initialBias
        while !rest.isEmpty {
            let oldI = i
            var w = 1
            var k = base
            while true {
                guard let byte = rest.popFirst(), let digit = digitValue(byte) else { return nil }
                i += digit * w
                let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                if digit < t { break }
                w *= base - t
                k += base
                guard i < Int(Int32.max), w < Int(Int32.max) else { return nil }
            }

            bias = adapt(i - oldI, count: output.count + 1, isFirst: oldI == 0)
            n += i / (output.count + 1)
            i %= output.count + 1
            guard n < 0x11_0000 else { return nil }
            output.insert(UInt32(n), at: i)
            i += 1
        }
        let scalars = output.compactMap(Unicode.Scalar.init)
        return scalars.count == output.count ? scalars : nil
    }

    private static func digitValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return Int(byte - UInt8(ascii: "a"))
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(byte - UInt8(ascii: "A"))
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0")) + 26
        default: return nil
        }
    }

    private static func adapt(_ delta: Int, count: Int, isFirst: Bool) -> Int {
        var delta = isFirst ? delta / damp : delta / 2
        delta += delta / count
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }
}
