import Testing

@testable import SluiceJob

@Suite struct Base64Tests {
    /// RFC 4648 section 10 test vectors.
    @Test(arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ])
    func encodesRFCVectors(input: String, expected: String) {
        #expect(Base64.encode(Array(input.utf8)) == expected)
    }

    @Test func quarantineKeepsInvalidUTF8AsBase64() {
        let raw: [UInt8] = [0x7B, 0xFF, 0x7D]
        let record = QuarantineRecord(
            reason: "invalid_utf8", detail: "", file: "a", line: 1, offset: 0, raw: raw)
        #expect(record.json["raw"] == .null)
        #expect(record.json["raw_base64"]?.stringValue == "e/99")
    }
}
