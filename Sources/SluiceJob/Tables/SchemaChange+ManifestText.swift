import SluiceJSON
import SluiceWarehouse

extension SchemaChange {
    /// The change as one sentence for the manifest's `schema_changes`, after the table name:
    /// `column "price" added as double, from properties.price`. Names are quoted as JSON
    /// strings, so a name with quotes, breaks or control characters reads unambiguously.
    var manifestText: String {
        switch self {
        case .columnAdded(let column, let type, let sourcePath):
            return "column \(Self.quoted(column)) added as \(type.rawValue), from \(sourcePath)"
        case .typeKept(let column, let established, let wanted):
            return "column \(Self.quoted(column)) keeps type \(established.rawValue); values "
                + "that need \(wanted.rawValue) are discarded"
        case .typeWidened(let column, let from, let to):
            return "column \(Self.quoted(column)) widened from \(from.rawValue) to \(to.rawValue)"
        }
    }

    private static func quoted(_ name: String) -> String {
        JSONValue.string(name).jsonText
    }
}
