// Delta Transaction Log Protocol, "Per-file Statistics": the `stats` field of an `add`
// action is a JSON string {"numRecords":..,"minValues":{..},"maxValues":{..},"nullCount":{..}}
// whose per-column maps mirror the table schema (flat here).
import SluiceJSON

extension DeltaAddFile {
    /// The `stats` JSON text; columns appear in `columnOrder`, then any others sorted.
    func statisticsJSON(columnOrder: [String]) -> String {
        var text: [UInt8] = []
        appendStatisticsJSON(columnOrder: columnOrder, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends the `statisticsJSON(columnOrder:)` text as UTF-8, building no JSON value.
    func appendStatisticsJSON(columnOrder: [String], to out: inout [UInt8]) {
        let order = statisticOrder(columnOrder)
        out.append(contentsOf: #"{"numRecords":"#.utf8)
        JSONNumber.appendDecimal(Int64(numRecords), to: &out)

        out.append(contentsOf: #","minValues":"#.utf8)
        appendMembers(order, to: &out) { $0.min?.appendJSON(to: &$1) ?? false }
        out.append(contentsOf: #","maxValues":"#.utf8)
        appendMembers(order, to: &out) { $0.max?.appendJSON(to: &$1) ?? false }
        out.append(contentsOf: #","nullCount":"#.utf8)
        appendMembers(order, to: &out) { statistic, out in
            guard let count = statistic.nullCount else { return false }
            JSONNumber.appendDecimal(Int64(count), to: &out)
            return true
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Reads a `stats` string back; returns false (and changes nothing) when it is not a
    /// JSON object, so the file is treated as having no statistics.
    mutating func readStatistics(_ text: String) -> Bool {
        guard let stats = (try? JSONParser().parse(text))?.objectValue else { return false }
        numRecords = stats["numRecords"]?.numberValue?.int64.map { Int($0) } ?? 0
        columnStatistics = []

        // Columns usually repeat in the same order in all three maps; `slots` finds the
        // others. Each map's keys are unique (the parser keeps one member per key).
        var slots: [String: Int] = [:]
        func slot(_ name: String) -> Int {
            if let index = slots[name] { return index }
            slots[name] = columnStatistics.count
            columnStatistics.append(DeltaColumnStatistic(name: name))
            return columnStatistics.count - 1
        }
        for (name, value) in stats["minValues"]?.objectValue ?? JSONObject() {
            columnStatistics[slot(name)].min = .json(value)
        }
        for (name, value) in stats["maxValues"]?.objectValue ?? JSONObject() {
            columnStatistics[slot(name)].max = .json(value)
        }
        for (name, value) in stats["nullCount"]?.objectValue ?? JSONObject() {
            guard let count = value.numberValue?.int64 else { continue }
            columnStatistics[slot(name)].nullCount = Int(count)
        }
        hasStatistics = stats["numRecords"] != nil
        return true
    }

    /// Positions in `columnStatistics` in the order the text lists them: `columnOrder`
    /// first (a repeated name at its first place), then the other columns sorted by name.
    /// Linear when the entries are exactly `columnOrder`, as those of a file written through
    /// `init(summary:...)` with every data column in its footer are.
    private func statisticOrder(_ columnOrder: [String]) -> [Int] {
        if columnOrder.count == columnStatistics.count
            && columnOrder.indices.allSatisfy({ columnOrder[$0] == columnStatistics[$0].name })
        {
            return Array(columnStatistics.indices)
        }

        var slots = Dictionary(
            columnStatistics.indices.map { (columnStatistics[$0].name, $0) },
            uniquingKeysWith: { first, _ in first })
        var order = columnOrder.compactMap { slots.removeValue(forKey: $0) }
        order += slots.sorted { $0.key < $1.key }.map(\.value)
        return order
    }

    /// Appends one per-column map: a member for each column in `order` that `value`
    /// writes a value for.
    private func appendMembers(
        _ order: [Int], to out: inout [UInt8],
        value: (DeltaColumnStatistic, inout [UInt8]) -> Bool
    ) {
        out.append(UInt8(ascii: "{"))
        var isFirst = true
        for index in order {
            let start = out.count
            if !isFirst { out.append(UInt8(ascii: ",")) }
            JSONValue.appendQuoted(columnStatistics[index].name, to: &out)
            out.append(UInt8(ascii: ":"))
            if value(columnStatistics[index], &out) {
                isFirst = false
            } else {
                out.removeSubrange(start...)
            }
        }
        out.append(UInt8(ascii: "}"))
    }
}
