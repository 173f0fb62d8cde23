// Thrift Compact Protocol (thrift/doc/specs/thrift-compact-protocol.md), encoding only:
// field headers hold the field-id delta and the type in one byte when the delta is 1...15,
// integers are zigzag varints, binary is a varint length and bytes, a list header packs a
// size below 15 with the element type, a struct ends with a stop byte, and a bool field's
// value is its header type.

/// Appends Thrift compact encoded structs to `bytes`; fields of a struct are written in
/// ascending id order.
struct CompactThrift {
    private(set) var bytes: [UInt8] = []
    private var lastFieldIDs: [Int16] = [0]

    enum FieldType: UInt8 {
        case boolTrue = 1
        case boolFalse = 2
        case i32 = 5
        case i64 = 6
        case binary = 8
        case list = 9
        case structure = 12
    }

    mutating func i32(_ id: Int16, _ value: Int32) {
        header(id, .i32)
        varint(zigzag(Int64(value)))
    }

    mutating func i64(_ id: Int16, _ value: Int64) {
        header(id, .i64)
        varint(zigzag(value))
    }

    mutating func bool(_ id: Int16, _ value: Bool) { header(id, value ? .boolTrue : .boolFalse) }

    mutating func string(_ id: Int16, _ value: String) {
        header(id, .binary)
        varint(UInt64(value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }

    mutating func structure(_ id: Int16, _ body: (inout CompactThrift) -> Void) {
        header(id, .structure)
        nested(body)
    }

    mutating func i32List(_ id: Int16, _ values: [Int32]) {
        listHeader(id, .i32, values.count)
        for value in values { varint(zigzag(Int64(value))) }
    }

    mutating func stringList(_ id: Int16, _ values: [String]) {
        listHeader(id, .binary, values.count)
        for value in values {
            varint(UInt64(value.utf8.count))
            bytes.append(contentsOf: value.utf8)
        }
    }

    mutating func structList<T>(
        _ id: Int16, _ elements: [T], _ body: (inout CompactThrift, T) -> Void
    ) {
        listHeader(id, .structure, elements.count)
        for element in elements { nested { body(&$0, element) } }
    }

    /// A struct body: its own field-id sequence, then the stop byte.
    private mutating func nested(_ body: (inout CompactThrift) -> Void) {
        lastFieldIDs.append(0)
        body(&self)
        lastFieldIDs.removeLast()
        bytes.append(0)
    }

    private mutating func header(_ id: Int16, _ type: FieldType) {
        let delta = id - lastFieldIDs[lastFieldIDs.count - 1]
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            varint(zigzag(Int64(id)))
        }
        lastFieldIDs[lastFieldIDs.count - 1] = id
    }

    private mutating func listHeader(_ id: Int16, _ type: FieldType, _ count: Int) {
        header(id, .list)
        if count < 15 {
            bytes.append(UInt8(count) << 4 | type.rawValue)
        } else {
            bytes.append(0xF0 | type.rawValue)
            varint(UInt64(count))
        }
    }

    private mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    private func zigzag(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }
}
