import SluiceJSON

/// A read position in one run's values of one column, through raw pointers: the per-value
/// loops of the table stage read values through it without touching a reference count.
///
/// Valid only while the `ColumnValues` it was made from, and the worker's `KeyDictionary`,
/// live; the gather that makes cursors keeps both alive. The accessors read value `index`.
struct ValueCursor {
    let rows: UnsafePointer<UInt32>
    let kinds: UnsafePointer<UInt8>
    let payloads: UnsafePointer<Int64>
    /// The column's text, shifted so that a text reference's offset indexes it directly.
    let text: UnsafeRawPointer?
    /// The key's dictionary entries and where each starts, for interned strings.
    let dictionary: (bytes: UnsafeRawPointer?, starts: UnsafePointer<UInt32>?)
    let worker: Int
    let key: UInt32
    /// The value the accessors read.
    var index: Int

    /// A cursor at value `index` of `values`, whose interned strings are in `dictionary`.
    init(
        _ values: ColumnValues, at index: Int, dictionary: KeyDictionary?, worker: Int,
        key: UInt32
    ) {
        let empty = UnsafeMutablePointer<UInt8>(bitPattern: 1)!
        rows = UnsafePointer(
            values.rows.base ?? UnsafeMutableRawPointer(empty).assumingMemoryBound(to: UInt32.self))
        kinds = UnsafePointer(values.kinds.base ?? empty)
        payloads = UnsafePointer(
            values.payloads.base
                ?? UnsafeMutableRawPointer(empty).assumingMemoryBound(to: Int64.self))
        text = values.text.base.map { UnsafeRawPointer($0) - values.textBase }
        if let dictionary {
            self.dictionary = dictionary.storage
        } else {
            self.dictionary = (nil, nil)
        }
        self.worker = worker
        self.key = key
        self.index = index
    }

    /// Calls `body` with the slot and index of each value of `range` that fills a row of a
    /// slice: the first value of each row (a row takes the first of several), when the row is
    /// one the slice keeps. `slots` are the placement slots of the run's rows from `low`
    /// (`SlicePlacement.slots`); `range` holds only values of those rows.
    @inline(__always)
    func forEachPlaced(
        _ range: Range<Int>, slots: UnsafeBufferPointer<Int32>, low: Int,
        _ body: (_ slot: Int, _ value: Int) -> Void
    ) {
        var previous = -1
        for value in range {
            let row = Int(rows[value])
            let slot = slots[row - low]
            if row != previous, slot >= 0 { body(Int(slot), value) }
            previous = row
        }
    }

    @inline(__always)
    var kind: ValueKind { ValueKind(rawValue: kinds[index]).unsafelyUnwrapped }

    @inline(__always)
    var payload: Int64 { payloads[index] }

    /// The text of the current value (`hasText` kinds).
    @inline(__always)
    var textBytes: UnsafeRawBufferPointer {
        let payload = payloads[index]
        return UnsafeRawBufferPointer(
            start: text.map { $0 + TextRef.offset(payload) }, count: TextRef.length(payload))
    }

    /// The 8-byte number before the current value's text (`integerText`, `fraction`).
    @inline(__always)
    var numberPrefix: Int64 {
        (text.unsafelyUnwrapped + TextRef.offset(payloads[index]) - 8).loadUnaligned(as: Int64.self)
    }

    /// The UTF-8 of the current value, a string interned or not.
    @inline(__always)
    var stringBytes: UnsafeRawBufferPointer {
        guard kind == .internedString else { return textBytes }
        let start = dictionary.starts.unsafelyUnwrapped[Int(payloads[index])]
        return KeyDictionary.entry(bytes: dictionary.bytes.unsafelyUnwrapped, start: Int(start))
    }
}

extension ValueCursor {
    /// The cursor's current value as compact JSON text, as it was in the event.
    var jsonText: String {
        switch kind {
        case .null: return "null"
        case .bool: return payload != 0 ? "true" : "false"
        case .integer: return String(payload)
        case .integerText, .fraction, .structured:
            return String(decoding: textBytes, as: UTF8.self)
        case .string, .internedString:
            var out: [UInt8] = []
            JSONValue.appendQuoted(
                utf8: stringBytes.bindMemory(to: UInt8.self), to: &out)
            return String(decoding: out, as: UTF8.self)
        case .timestamp: return "\"\(CivilTime(micros: payload).isoString)\""
        }
    }
}
