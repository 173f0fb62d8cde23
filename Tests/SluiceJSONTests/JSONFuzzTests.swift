import Testing

@testable import SluiceJSON

/// Checks what must hold for any input: the parser returns or throws (never traps), an
/// accepted document re-serialises and re-parses to an equal value with a stable text,
/// and a rejection points at a byte that explains it.
private func checkInvariants(_ bytes: [UInt8]) {
    let validation = validationError(bytes)
    do {
        let value = try JSONParser().parse(bytes)
        let text = value.jsonText
        let reparsed = try JSONParser().parse(text)
        expect(validation == nil, "validate rejects what parse accepts", bytes)
        expect(String(validating: bytes, as: UTF8.self) != nil, "accepted bad UTF-8", bytes)
        expect(reparsed == value, "re-parse differs", bytes)
        expect(reparsed.jsonText == text, "serialisation unstable", bytes)
    } catch {
        expect(validation == error, "validate and parse differ", bytes)
        expect(
            isConsistent(error, bytes), "error \(error.code) at \(error.offset) is inconsistent",
            bytes)
    }
}

/// Records an issue naming the input only when `condition` fails, so that passing
/// iterations build no messages.
private func expect(_ condition: Bool, _ what: @autoclosure () -> String, _ bytes: [UInt8]) {
    if !condition { Issue.record("\(what()) for input \(bytes)") }
}

/// Whether the byte at the error's offset explains the error's code.
private func isConsistent(_ error: JSONError, _ bytes: [UInt8]) -> Bool {
    guard error.offset >= 0 && error.offset <= bytes.count else { return false }
    let byte = error.offset < bytes.count ? bytes[error.offset] : nil
    switch error.code {
    case .unexpectedEnd: return error.offset == bytes.count
    case .emptyInput: return bytes.allSatisfy { [0x20, 0x0A, 0x0D, 0x09].contains($0) }
    case .nulByte: return byte == 0
    case .invalidUTF8: return byte.map { $0 >= 0x80 } == true
    case .controlCharacterInString: return byte.map { $0 > 0 && $0 < 0x20 } == true
    case .invalidEscape, .loneSurrogate: return byte == UInt8(ascii: "\\")
    case .tooDeep: return byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{")
    case .unexpectedCharacter, .trailingGarbage, .invalidNumber: return byte != nil && byte != 0
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
