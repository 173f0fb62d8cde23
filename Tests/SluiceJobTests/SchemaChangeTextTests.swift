import SluiceWarehouse
import Testing

@testable import SluiceJob

/// The manifest's schema change text is built directly, and must stay exactly what Swift's
/// default description of the change (`"\(change)"`) gave before.
@Suite struct SchemaChangeTextTests {
    static let awkwardNames = [
        "id", "", "with \"quotes\"", "back\\slash", "line\nbreak\ttab\r", "\u{0}nul", "é café",
        "e\u{301}", "emoji 🎉", "\u{200B}zero width", "\u{7F}del",
    ]

    static let changes: [SchemaChange] =
        awkwardNames.map { .columnAdded(column: $0, type: .string, sourcePath: "p." + $0) }
        + WarehouseType.allCases.map { .columnAdded(column: "c", type: $0, sourcePath: "s") }
        + awkwardNames.map { .typeKept(column: $0, established: .int64, wanted: .double) }
        + awkwardNames.map { .typeWidened(column: $0, from: .double, to: .string) }

    @Test(arguments: changes)
    func manifestTextIsTheDefaultDescription(_ change: SchemaChange) {
        #expect(change.manifestText == "\(change)")
    }
}
