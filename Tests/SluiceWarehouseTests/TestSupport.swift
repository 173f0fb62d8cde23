import SluiceJSON

@testable import SluiceWarehouse

/// Parses JSON text written in a test; a typo in a test's own input is a broken test.
func json(_ text: String) -> JSONValue {
    do {
        return try JSONParser().parse(text)
    } catch {
        preconditionFailure("test JSON does not parse: \(error) in \(text)")
    }
}

/// The object of JSON text written in a test.
func object(_ text: String) -> JSONObject {
    guard let object = json(text).objectValue else { preconditionFailure("not an object: \(text)") }
    return object
}

/// The flattened fields of an event of `kind` given as JSON text.
func fields(_ eventText: String, kind: TableKind) -> [FlatField] {
    EventFlattener.flattenEvent(object(eventText), kind: kind)
}

/// Timestamps the tests use, so conversion is tested without a real parser.
let knownTimestamps: [String: Int64] = [
    "2024-01-01T00:00:00Z": 1_704_067_200_000_000,
    "2024-01-01T00:00:01.5Z": 1_704_067_201_500_000,
]

func parseKnownTimestamp(_ text: String) -> Int64? { knownTimestamps[text] }

extension TableSchema {
    /// `name:type` of every column, for compact expectations.
    var columnSummary: [String] { columns.map { "\($0.name):\($0.type.rawValue)" } }

    /// `name:type` of the columns after the standard ones.
    var payloadSummary: [String] {
        columns.filter { $0.origin != .standard }.map { "\($0.name):\($0.type.rawValue)" }
    }
}
