import SluiceJSON

/// Converts one JSON value to a cell of a column type, or says why it does not fit.
///
/// The rules: null fits every type. `boolean` takes booleans. `int64` takes numbers that are
/// whole and within `Int64` (`3`, and `3.0` or `3e2`, which JSON Schema also counts as
/// integers). `double` takes finite numbers, but an integer only when the double holds it
/// exactly (not `9007199254740993`). `string` takes strings, and numbers (as their
/// exact text) and booleans (`true`/`false`), since inference widens such mixes to string.
/// `json` takes anything, as compact JSON text. `timestamp` takes strings the injected
/// parser accepts. Strings are never parsed as numbers. Pure, safe from any thread.
public enum CellConversion {
    /// Converts `value` to a cell of `type`. `parseTimestamp` turns a timestamp string into
    /// microseconds since the epoch, or `nil` when it is not one; the job passes Segment's
    /// timestamp parser, so this stage keeps no parser of its own.
    public static func convert(
        _ value: JSONValue, to type: WarehouseType, parseTimestamp: (String) -> Int64?
    ) -> Result<CellValue, DiscardReason> {
        if case .null = value { return .success(.null) }
        switch type {
        case .boolean:
            guard case .bool(let bool) = value else { return .failure(.typeMismatch) }
            return .success(.bool(bool))
        case .int64: return integer(value)
        case .double: return double(value)
        case .string: return string(value)
        case .json: return .success(.json(value.jsonText))
        case .timestamp:
            guard case .string(let text) = value else { return .failure(.typeMismatch) }
            guard let micros = parseTimestamp(text) else { return .failure(.notATimestamp) }
            return .success(.timestamp(micros))
        }
    }

    private static func integer(_ value: JSONValue) -> Result<CellValue, DiscardReason> {
        guard case .number(let number) = value else { return .failure(.typeMismatch) }
        if let exact = number.int64 { return .success(.int64(exact)) }
        if number.isWrittenAsInteger { return .failure(.outOfRange) }

        // `3.0` and `3e2` are whole; the bounds are exact powers of two, so the comparison
        // is exact and `Int64(exactly:)` cannot trap.
        let double = number.double
        guard double.isFinite, double == double.rounded(.towardZero) else {
            return double.isFinite ? .failure(.notAnInteger) : .failure(.outOfRange)
        }
        guard double >= -0x1p63, double < 0x1p63, let whole = Int64(exactly: double) else {
            return .failure(.outOfRange)
        }
        return .success(.int64(whole))
    }

    private static func double(_ value: JSONValue) -> Result<CellValue, DiscardReason> {
        guard case .number(let number) = value else { return .failure(.typeMismatch) }
        guard number.double.isFinite else { return .failure(.outOfRange) }
        // An integer the double cannot hold exactly (past 2^53) would be changed by it.
        guard DecimalText.isFaithful(number.double, to: number.text.utf8) else {
            return .failure(.outOfRange)
        }
        return .success(.double(number.double))
    }

    private static func string(_ value: JSONValue) -> Result<CellValue, DiscardReason> {
        switch value {
        case .string(let text): return .success(.string(text))
        case .number(let number): return .success(.string(number.text))
        case .bool(let bool): return .success(.string(bool ? "true" : "false"))
        default: return .failure(.typeMismatch)
        }
    }
}
