import Testing

@testable import SluiceJSON

/// Checks what must hold for any input: the parser returns or throws (never traps), an
/// accepted document re-serialises and re-parses to an equal value with a stable text,
/// and a rejection points at a byte that explains it.
private func checkInvariants(_ bytes: [UInt8]) {
    #expect(validationError(bytes) == parseError(bytes), "validate and parse differ: \(bytes)")
    do {
        let value = try JSONParser().parse(bytes)
        #expect(String(validating: bytes, as: UTF8.self) != nil, "accepted bad UTF-8: \(bytes)")

        let text = value.jsonText
        let reparsed = try JSONParser().parse(text)
        #expect(reparsed == value, "re-parse differs for \(bytes)")
        #expect(reparsed.jsonText == text, "serialisation unstable for \(bytes)")
    } catch {
        checkRejection(error, bytes)
    }
}

private func checkRejection(_ error: JSONError, _ bytes: [UInt8]) {
    #expect(error.offset >= 0 && error.offset <= bytes.count, "offset outside input: \(bytes)")
    let byte = error.offset < bytes.count ? bytes[error.offset] : nil
    switch error.code {
    case .unexpectedEnd: #expect(error.offset == bytes.count, "\(bytes)")
    case .emptyInput: #expect(bytes.allSatisfy { [0x20, 0x0A, 0x0D, 0x09].contains($0) })
    case .nulByte: #expect(byte == 0, "\(bytes)")
    case .invalidUTF8: #expect(byte.map { $0 >= 0x80 } == true, "\(bytes)")
    case .controlCharacterInString: #expect(byte.map { $0 > 0 && $0 < 0x20 } == true, "\(bytes)")
    case .invalidEscape, .loneSurrogate: #expect(byte == UInt8(ascii: "\\"), "\(bytes)")
    case .tooDeep:
        #expect(byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{"), "\(bytes)")
    case .unexpectedCharacter, .trailingGarbage, .invalidNumber:
        #expect(byte != nil && byte != 0, "\(bytes)")
    }
}

@Test func randomValidDocumentsRoundTrip() throws {
    var documents = RandomDocuments(random: SeededRandom(state: 1))
    for _ in 0..<2_000 {
        let text = documents.document()
        let value = try JSONParser().parse(text)
        #expect(try JSONParser().parse(value.jsonText) == value, "\(text)")
    }
}

@Test func mutatedDocumentsNeverTrapAndReportConsistentErrors() {
    var documents = RandomDocuments(random: SeededRandom(state: 0x5EED))
    var seeds: [[UInt8]] = (0..<200).map { _ in Array(documents.document().utf8) }
    seeds.append(Array(#"{"a":[1,2.5e-3,"\u00e9\ud83d\ude00"],"b":{"c":null}}"#.utf8))

    for iteration in 0..<50_000 {
        let mutated = documents.mutate(seeds[iteration % seeds.count])
        checkInvariants(mutated)
    }
}
