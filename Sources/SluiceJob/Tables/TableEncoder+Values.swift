import SluiceJSON
import SluiceParquet
import SluiceReader
import SluiceWarehouse

extension TableEncoder {
    /// Appends the cursor's current value converted to `type`; returns false (appending
    /// nothing) when it does not fit.
    @inline(__always)
    func append(
        _ cursor: ValueCursor, type: WarehouseType, into buffer: inout ColumnStaging
    ) -> Bool {
        let kind = cursor.kind
        let payload = cursor.payload
        switch (type, kind) {
        case (_, .null): buffer.appendNull()
        case (.boolean, .bool): buffer.append(payload != 0)
        case (.int64, .integer): buffer.append(payload)
        case (.int64, .integerText): buffer.append(cursor.numberPrefix)
        case (.int64, .fraction):
            // From the text: the double rounds `1.0000000000000000001` to 1 and
            // `9007199254740993.0` to ...992, which would store a value the event never had.
            guard let exact = DecimalText(cursor.textBytes)?.int64 else { return false }
            buffer.append(exact)
        case (.double, .integer):
            // Past 2^53 not every integer is a double: the nearest would change the value,
            // unless the text is how a sender holding a double writes it.
            if let exact = Double(exactly: payload) {
                buffer.append(exact)
            } else {
                let nearest = Double(payload)
                guard DecimalText.isFaithful(nearest, to: Array(String(payload).utf8))
                else { return false }
                buffer.append(nearest)
            }
        case (.double, .integerText):
            // `-0`, whose sign a double keeps.
            let value = Double(cursor.numberPrefix)
            buffer.append(cursor.textBytes.first == UInt8(ascii: "-") ? -value : value)
        case (.double, .fraction):
            let value = Double(bitPattern: UInt64(bitPattern: cursor.numberPrefix))
            guard value.isFinite, DecimalText.isFaithful(value, to: cursor.textBytes)
            else { return false }
            buffer.append(value)
        case (.string, .internedString):
            buffer.append(utf8: cursor.stringBytes)
        case (.string, .string), (.string, .integerText), (.string, .fraction),
            (.json, .integerText), (.json, .fraction), (.json, .structured):
            buffer.append(utf8: cursor.textBytes)
        case (.string, .integer), (.json, .integer):
            buffer.append(string: String(payload))
        case (.string, .bool): buffer.append(string: payload != 0 ? "true" : "false")
        case (.json, _): buffer.append(string: cursor.jsonText)
        case (.timestamp, .timestamp): buffer.append(payload)
        case (.timestamp, .string), (.timestamp, .internedString):
            // A text without an offset names no instant: taking it as UTC would store a time
            // the event may not have meant, so it does not fit (a discard keeps the text).
            guard case .value(let micros, true) = SegmentTimestamp.parse(.string(text(cursor)))
            else { return false }
            buffer.append(micros)
        default:
            return false
        }
        return true
    }

    /// The text of a string value, decoded.
    func text(_ cursor: ValueCursor) -> String {
        String(decoding: cursor.stringBytes, as: UTF8.self)
    }
}
