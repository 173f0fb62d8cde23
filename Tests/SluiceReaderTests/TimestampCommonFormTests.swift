import Testing

@testable import SluiceReader

/// The fixed-offset reader of the common form must give the grammar's answer whenever it
/// answers at all, and must answer for the common form itself.
@Suite struct TimestampCommonFormTests {
    func check(_ text: String) {
        var utf8 = text
        utf8.withUTF8 { buffer in
            let bytes = UnsafeRawBufferPointer(buffer)
            let grammar = SegmentTimestamp.parseGrammar(bytes)
            if let common = SegmentTimestamp.parseCommonForm(bytes) {
                #expect(common == grammar, "\(text)")
            }
            #expect(SegmentTimestamp.parse(text: bytes) == grammar, "\(text)")
        }
    }

    @Test(arguments: [
        "2023-10-23T08:56:09Z", "2023-10-23T08:56:09.0Z", "2023-10-23T08:56:09.043Z",
        "2018-09-05T23:05:25.862826Z", "2018-09-05T23:05:25.862826855Z",
        "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2024-02-29T00:00:00Z",
    ])
    func readsTheCommonForm(_ text: String) {
        var utf8 = text
        let common = utf8.withUTF8 { SegmentTimestamp.parseCommonForm(UnsafeRawBufferPointer($0)) }
        #expect(common != nil)
        check(text)
    }

    @Test(arguments: [
        "0000-01-01T00:00:00Z", "2023-13-01T00:00:00Z", "2023-02-29T00:00:00Z",
        "2023-01-01T24:00:00Z", "2023-01-01T24:00:00.000Z", "2023-01-01T24:00:00.001Z",
        "2023-01-01T23:60:00Z", "2016-12-31T23:59:60Z", "2016-12-31T23:59:61Z",
        "2023-01-01T00:00:00.Z", "2023-01-01T00:00:00.1234567890Z", "2023-01-01T00:00:00,5Z",
        "2023-01-01t00:00:00Z", "2023-01-01T00:00:00z", "2023-01-01 00:00:00Z",
        "2023-01-01T00:00:0aZ", "2023-0a-01T00:00:00Z", "2023-01-01T00:00:00.5aZ",
        "2023-01-01T00:00:00+00:00", "+023-01-01T00:00:00Z", "2023-01-01T00:00:00.12345Z",
    ])
    func agreesWithTheGrammarAtTheEdges(_ text: String) {
        check(text)
    }

    /// Random texts of the common form's length with digits, separators and junk at every
    /// position, so each check of the fixed-offset reader is met both ways.
    @Test func agreesWithTheGrammarOnRandomTexts() {
        var random = SeededGenerator(state: 20_261_206)
        let alphabet = Array("0123456789-T:.Z+ ztx".utf8)
        let template = Array("2023-10-23T08:56:09.043123456Z".utf8)
        for _ in 0..<20_000 {
            var bytes = Array(template.prefix(Int.random(in: 19...30, using: &random)))
            bytes[bytes.count - 1] = UInt8(ascii: "Z")
            for _ in 0..<Int.random(in: 0...3, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                bytes[index] = alphabet.randomElement(using: &random)!
            }
            check(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// Raw bytes at every position of the common form, including the bytes just below and
    /// above the digits and separators and bytes that are not UTF-8, so each word check of
    /// the fixed-offset reader is met on both sides of every boundary.
    @Test func agreesWithTheGrammarOnRandomBytes() {
        var random = SeededGenerator(state: 20_261_208)
        let alphabet: [UInt8] =
            Array("0123456789/:;-.,TZtz +".utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xB0, 0xC3, 0xFF]
        let template = Array("2024-02-29T23:59:59.999999999Z".utf8)
        for _ in 0..<50_000 {
            var bytes = Array(template.prefix(Int.random(in: 19...30, using: &random)))
            bytes[bytes.count - 1] = UInt8(ascii: "Z")
            for _ in 0..<Int.random(in: 0...2, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                bytes[index] = alphabet.randomElement(using: &random)!
            }
            bytes.withUnsafeBytes { raw in
                let grammar = SegmentTimestamp.parseGrammar(raw)
                if let common = SegmentTimestamp.parseCommonForm(raw) {
                    #expect(common == grammar, "\(bytes)")
                }
                #expect(SegmentTimestamp.parse(text: raw) == grammar, "\(bytes)")
            }
        }
    }

    /// Fields at and past their limits, which the fixed-offset reader leaves to the grammar.
    @Test(arguments: [
        "2024-00-10T00:00:00Z", "2024-01-00T00:00:00Z", "2024-01-32T00:00:00Z",
        "1900-02-29T00:00:00Z", "2000-02-29T00:00:00Z", "2100-02-29T00:00:00Z",
        "2024-04-31T00:00:00Z", "2024-12-31T23:59:59.9Z", "2024-12-31T24:00:00.000000Z",
        "2024-06-30T23:59:60.5Z", "2024-01-01T00:60:00Z", "0001-01-01T00:00:00.000001Z",
        "2024-01-01T00:00:00.000000001Z", "2024-01-01T00:00:00.99999999Z", "1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59.999999Z", "2024-1-01T00:00:00.000Z", "2024-01-01T00:00:00.0000Z",
    ])
    func agreesWithTheGrammarAtFieldLimits(_ text: String) {
        check(text)
    }
}
