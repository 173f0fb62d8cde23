import Testing

@testable import SluiceWarehouse

// The one place that pins the wording of this stage's user-facing messages.

struct MessageCase: Sendable, CustomTestStringConvertible {
    let text: String
    let message: String
    var testDescription: String { message }
}

let messageCases: [MessageCase] = [
    .init(
        text: "{",
        message:
            "The table schema could not be read because it is not valid JSON; restore _schema.json from the last run's output or delete the table folder to start it afresh."
    ),
    .init(
        text: #"{"format_version": 2}"#,
        message:
            "The table schema has format_version '2', but this Sluice reads only version 1; run the Sluice version that wrote it."
    ),
    .init(
        text: #"{"format_version": 1, "kind": "pages", "columns": []}"#,
        message:
            "The table schema could not be used because 'table' is missing; restore _schema.json from the last run's output or delete the table folder to start it afresh."
    ),
]

@Test(arguments: messageCases)
func schemaErrorsSayWhatWhyAndTheFix(_ c: MessageCase) {
    do {
        _ = try TableSchema.decode(jsonText: c.text)
        Issue.record("'\(c.text)' decoded")
    } catch {
        #expect(error.message == c.message)
    }
}
