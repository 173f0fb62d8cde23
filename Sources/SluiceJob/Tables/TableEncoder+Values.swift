import SluiceJSON
import SluiceParquet
import SluiceReader
import SluiceWarehouse

extension TableEncoder {
    /// Appends the cursor's current value converted to `type`; returns false (appending
    /// nothing) when it does not fit.
    func append(
        _ cursor: RunCursor, type: WarehouseType, into buffer: inout ParquetColumnBuffer
    ) -> Bool {
        let values = cursor.values
        let index = cursor.next
        let kind = values.kind(index)
        let payload = values.payloads[index]
        switch (type, kind) {
        case (_, .null): buffer.appendNull()
        case (.boolean, .bool): buffer.append(payload != 0)
        case (.int64, .integer): buffer.append(payload)
        case (.int64, .integerText): buffer.append(values.numberPrefix(index))
        case (.int64, .fraction):
            let value = Double(bitPattern: UInt64(bitPattern: values.numberPrefix(index)))
            guard value.isFinite, value == value.rounded(), let exact = Int64(exactly: value) else {
                return false
            }
            buffer.append(exact)
        case (.double, .integer): buffer.append(Double(payload))
        case (.double, .integerText): buffer.append(Double(values.numberPrefix(index)))
        case (.double, .fraction):
            let value = Double(bitPattern: UInt64(bitPattern: values.numberPrefix(index)))
            guard value.isFinite else { return false }
            buffer.append(value)
        case (.string, .internedString):
            buffer.append(utf8: interners[cursor.worker].entry(UInt32(payload), key: cursor.key))
        case (.string, .string), (.string, .integerText), (.string, .fraction),
            (.json, .integerText), (.json, .fraction), (.json, .structured):
            buffer.append(utf8: values.textBytes(index))
        case (.string, .integer), (.json, .integer):
            buffer.append(string: String(payload))
        case (.string, .bool): buffer.append(string: payload != 0 ? "true" : "false")
        case (.json, _): buffer.append(string: jsonText(cursor))
        case (.timestamp, .timestamp): buffer.append(payload)
        case (.timestamp, .string), (.timestamp, .internedString):
            guard case .value(let micros, _) = SegmentTimestamp.parse(.string(text(cursor)))
            else { return false }
            buffer.append(micros)
        default:
            return false
        }
        return true
    }

    /// The text of a string value, decoded.
    func text(_ cursor: RunCursor) -> String {
        String(decoding: stringBytes(cursor), as: UTF8.self)
    }

    /// The UTF-8 of a string value, interned or not.
    private func stringBytes(_ cursor: RunCursor) -> UnsafeRawBufferPointer {
        let index = cursor.next
        guard cursor.values.kind(index) == .internedString else {
            return cursor.values.textBytes(index)
        }
        let id = UInt32(cursor.values.payloads[index])
        return interners[cursor.worker].entry(id, key: cursor.key)
    }

    /// The cursor's current value as compact JSON text, as it was in the event.
    func jsonText(_ cursor: RunCursor) -> String {
        let values = cursor.values
        let index = cursor.next
        let payload = values.payloads[index]
        switch values.kind(index) {
        case .null: return "null"
        case .bool: return payload != 0 ? "true" : "false"
        case .integer: return String(payload)
        case .integerText, .fraction, .structured:
            return String(decoding: values.textBytes(index), as: UTF8.self)
        case .string, .internedString:
            var out: [UInt8] = []
            JSONValue.appendQuoted(
                utf8: stringBytes(cursor).bindMemory(to: UInt8.self), to: &out)
            return String(decoding: out, as: UTF8.self)
        case .timestamp: return "\"\(CivilTime(micros: payload).isoString)\""
        }
    }
}
