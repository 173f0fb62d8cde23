import Testing

@testable import SluiceJSON

/// Compares accept/reject decisions and decoded values with CPython's `json` module on
/// valid random documents and mutations of them.
@Test func agreesWithPythonJSONOnRandomAndMutatedDocuments() throws {
    guard let python = PythonJSONOracle.pythonPath() else {
        Issue.record(
            "No Python found: set SLUICE_PYTHON or create .venv/bin/python under the package root.")
        return
    }

    var documents = RandomDocuments(random: SeededRandom(state: 0xD1FF))
    let valid = (0..<500).map { _ in Array(documents.document().utf8) }
    let inputs = valid + (0..<4_000).map { documents.mutate(valid[$0 % valid.count]) }
    let expected = try PythonJSONOracle.serialise(inputs, python: python)
    try #require(expected.count == inputs.count)

    var disagreements: [String] = []
    for (input, pythonText) in zip(inputs, expected) {
        let sluiceText = (try? JSONParser().parse(input)).map { Array($0.jsonText.utf8) }
        if sluiceText != pythonText {
            disagreements.append(
                "\(input): Sluice \(sluiceText.map { String(decoding: $0, as: UTF8.self) } ?? "rejects"), Python \(pythonText.map { String(decoding: $0, as: UTF8.self) } ?? "rejects")"
            )
        }
    }
    #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    #expect(expected.contains { $0 == nil } && expected.contains { $0 != nil })
}
