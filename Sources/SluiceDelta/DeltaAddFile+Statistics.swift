// Delta Transaction Log Protocol, "Per-file Statistics": the `stats` field of an `add`
// action is a JSON string {"numRecords":..,"minValues":{..},"maxValues":{..},"nullCount":{..}}
// whose per-column maps mirror the table schema (flat here).
import SluiceJSON

extension DeltaAddFile {
    /// The `stats` JSON text; columns appear in `columnOrder`, then any others sorted.
    func statisticsJSON(columnOrder: [String]) -> String {
        let named = Set(minValues.keys).union(maxValues.keys).union(nullCount.keys)
        let order = columnOrder.filter(named.contains) + named.subtracting(columnOrder).sorted()
        var stats = JSONObject()
        stats["numRecords"] = .number(JSONNumber(Int64(numRecords)))

        let counts = nullCount.mapValues { JSONValue.number(JSONNumber(Int64($0))) }
        stats["minValues"] = Self.object(minValues, order: order)
        stats["maxValues"] = Self.object(maxValues, order: order)
        stats["nullCount"] = Self.object(counts, order: order)
        return JSONValue.object(stats).jsonText
    }

    /// Reads a `stats` string back; returns false (and changes nothing) when it is not a
    /// JSON object, so the file is treated as having no statistics.
    mutating func readStatistics(_ text: String) -> Bool {
        guard let stats = (try? JSONParser().parse(text))?.objectValue else { return false }
        numRecords = stats["numRecords"]?.numberValue?.int64.map { Int($0) } ?? 0
        minValues = Self.dictionary(stats["minValues"])
        maxValues = Self.dictionary(stats["maxValues"])

        nullCount = Self.dictionary(stats["nullCount"]).compactMapValues {
            $0.numberValue?.int64.map { Int($0) }
        }
        hasStatistics = stats["numRecords"] != nil
        return true
    }

    private static func dictionary(_ value: JSONValue?) -> [String: JSONValue] {
        guard let object = value?.objectValue else { return [:] }
        return Dictionary(object.map { ($0, $1) }, uniquingKeysWith: { _, last in last })
    }

    private static func object(_ values: [String: JSONValue], order: [String]) -> JSONValue {
        .object(JSONObject(order.compactMap { key in values[key].map { (key, $0) } }))
    }
}
