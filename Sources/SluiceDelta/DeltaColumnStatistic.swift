// Delta Transaction Log Protocol, "Per-file Statistics": one column's entries in the
// `minValues`, `maxValues` and `nullCount` maps of an `add` action's `stats`.
import SluiceJSON
import SluiceParquet

/// One column's statistics in an `add`; each part may be missing on its own.
struct DeltaColumnStatistic: Sendable {
    var name: String
    var nullCount: Int?
    var min: DeltaStatisticBound?
    var max: DeltaStatisticBound?

    init(
        name: String, nullCount: Int? = nil, min: DeltaStatisticBound? = nil,
        max: DeltaStatisticBound? = nil
    ) {
        self.name = name
        self.nullCount = nullCount
        self.min = min
        self.max = max
    }
}

/// A bound of one column, kept in the form it arrived in until the log text is written, so
/// a file written tonight costs no JSON value per bound.
enum DeltaStatisticBound: Sendable {
    /// A value read from a log or set by a caller, written as it stands.
    case json(JSONValue)
    /// A Parquet footer minimum, written as the lower bound `bounds` makes of it.
    case lower(ParquetStatisticValue, StatisticBounds)
    /// A Parquet footer maximum, written as the upper bound `bounds` makes of it.
    case upper(ParquetStatisticValue, StatisticBounds)

    /// Appends the bound's JSON text and returns true; returns false and leaves `out` as it
    /// was when the footer value gives no useful bound.
    func appendJSON(to out: inout [UInt8]) -> Bool {
        switch self {
        case .json(let value):
            value.appendJSON(to: &out)
            return true
        case .lower(let value, let bounds): return bounds.appendLower(value, to: &out)
        case .upper(let value, let bounds): return bounds.appendUpper(value, to: &out)
        }
    }

    /// The bound as a JSON value, `nil` when there is none: the text `appendJSON` writes,
    /// parsed back, so both forms always agree.
    var jsonValue: JSONValue? {
        if case .json(let value) = self { return value }
        var text: [UInt8] = []
        guard appendJSON(to: &text) else { return nil }
        return try? JSONParser().parse(text)
    }
}
