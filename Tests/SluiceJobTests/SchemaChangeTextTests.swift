import SluiceWarehouse
import Testing

@testable import SluiceJob

/// The manifest's schema change text: one sentence per change, names quoted as JSON.
@Suite struct SchemaChangeTextTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var change: SchemaChange
        var text: String
        var testDescription: String { text }
    }

    @Test(arguments: [
        Case(
            change: .columnAdded(column: "price", type: .double, sourcePath: "properties.price"),
            text: #"column "price" added as double, from properties.price"#),
        Case(
            change: .typeKept(column: "qty", established: .int64, wanted: .string),
            text: #"column "qty" keeps type int64; values that need string are discarded"#),
        Case(
            change: .typeWidened(column: "qty", from: .int64, to: .double),
            text: #"column "qty" widened from int64 to double"#),
        Case(
            change: .columnAdded(column: "a \"b\"\n", type: .json, sourcePath: "context.x"),
            text: #"column "a \"b\"\n" added as json, from context.x"#),
    ])
    func readsAsOneSentence(_ test: Case) {
        #expect(test.change.manifestText == test.text)
    }
}
