import Testing

@testable import SluiceJSON

/// The fast decimal conversion must give exactly the bits `Double(text)` (the C library's
/// `strtod`) gives, whether it answers itself or hands the text on.
@Suite struct JSONNumberDoubleTests {
    func check(_ text: String) {
        let expected = Double(text)!
        var utf8 = text
        let (fast, whole) = utf8.withUTF8 { buffer in
            let raw = UnsafeRawBufferPointer(buffer)
            return (JSONNumber.fastDouble(raw), JSONNumber.double(utf8: raw))
        }
        #expect(whole.bitPattern == expected.bitPattern, "\(text)")
        if let fast { #expect(fast.bitPattern == expected.bitPattern, "\(text) (fast path)") }
        #expect(JSONNumber(validatedText: text).double.bitPattern == expected.bitPattern)
    }

    @Test(arguments: [
        "0", "-0", "0.0", "-0.0", "0e0", "-0E-5", "0e99999", "0.000", "1", "-1", "79.99",
        "0.1", "0.3", "2.625", "1e22", "1e23", "-1e22", "1e-22", "1e-23", "123.456e-5",
        "-2.5E+3", "1E400", "-1e400", "1e-400", "5e-324", "2.4703282292062327e-324",
        "1.7976931348623157e308", "9007199254740992", "9007199254740993", "9007199254740993.0",
        "900719925474099.3", "0.9007199254740993", "12345678901234567890", "1234567890123456789",
        "0.0000000000000000001", "0.00000000000000000015", "4.35", "9999999999999999e22",
        "1.0000000000000000001", "3.14159265358979323846", "1e0000", "1e+0022", "7e-0022",
    ])
    func agreesWithStrtod(_ text: String) {
        check(text)
    }

    /// Random significands and exponents around the edges of the fast path.
    @Test func agreesWithStrtodOnRandomTexts() {
        var random = SeededRandom(state: 20_261_207)
        for _ in 0..<50_000 {
            let digits = 1 + random.below(21)
            var text = random.next() & 1 == 0 ? "" : "-"
            for k in 0..<digits {
                text += String(k == 0 && digits > 1 ? 1 + random.below(9) : random.below(10))
            }
            let point = random.below(digits + 1)
            if point < digits, point > 0 {
                text.insert(".", at: text.index(text.endIndex, offsetBy: point - digits))
            }
            if random.next() & 1 == 0 { text += "e\(random.below(61) - 30)" }
            check(text)
        }
    }
}
