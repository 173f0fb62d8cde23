// Thrift Compact Protocol, encoding side only (thrift/doc/specs/thrift-compact-protocol.md):
// field headers carry the field-id delta in the high nibble and the type in the low nibble;
// integers are zigzag varints; binary is a varint length plus bytes; a list header packs a
// size below 15 with the element type; structs end with a stop byte; a bool field's value
// lives in its header type.

/// Compact protocol element types.
enum ThriftType: UInt8 {
    case boolTrue = 1
    case boolFalse = 2
    case byte = 3
    case i16 = 4
    case i32 = 5
    case i64 = 6
    case double = 7
    case binary = 8
    case list = 9
    case set = 10
    case map = 11
    case `struct` = 12
}

/// Appends Thrift compact encoded values to a byte array.
///
/// Callers open structs with `writeStruct(_:_:)` (or `writeListStruct`) so the last field id
/// is tracked per nesting level; fields of one struct must be written in ascending id order,
/// which is what the format structs do.
struct ThriftCompactWriter {
    private(set) var bytes: [UInt8] = []
    private var lastFieldID: Int16 = 0
    private var enclosingFieldIDs: [Int16] = []

    init() {}

    mutating func writeI32(_ id: Int16, _ value: Int32) {
        writeFieldHeader(id, .i32)
        writeVarint(zigzag(Int64(value)))
    }

    mutating func writeI64(_ id: Int16, _ value: Int64) {
        writeFieldHeader(id, .i64)
        writeVarint(zigzag(value))
    }

    mutating func writeI16(_ id: Int16, _ value: Int16) {
        writeFieldHeader(id, .i16)
        writeVarint(zigzag(Int64(value)))
    }

    mutating func writeBool(_ id: Int16, _ value: Bool) {
        writeFieldHeader(id, value ? .boolTrue : .boolFalse)
    }

    mutating func writeBinary(_ id: Int16, _ value: [UInt8]) {
        writeFieldHeader(id, .binary)
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    mutating func writeString(_ id: Int16, _ value: String) {
        writeBinary(id, Array(value.utf8))
    }

    /// Writes a struct-typed field; `body` writes its fields, the stop byte is added here.
    mutating func writeStruct(_ id: Int16, _ body: (inout ThriftCompactWriter) -> Void) {
        writeFieldHeader(id, .struct)
        writeStructBody(body)
    }

    /// Writes an empty-struct field, which is how unions name a member that carries no data.
    mutating func writeEmptyStruct(_ id: Int16) {
        writeStruct(id) { _ in }
    }

    /// Writes a list field header; the caller then writes exactly `count` elements of `type`.
    mutating func writeListHeader(_ id: Int16, _ type: ThriftType, count: Int) {
        writeFieldHeader(id, .list)
        if count < 15 {
            bytes.append(UInt8(count) << 4 | type.rawValue)
        } else {
            bytes.append(0xF0 | type.rawValue)
            writeVarint(UInt64(count))
        }
    }

    mutating func writeListStruct(_ body: (inout ThriftCompactWriter) -> Void) {
        writeStructBody(body)
    }

    mutating func writeListI32(_ value: Int32) {
        writeVarint(zigzag(Int64(value)))
    }

    mutating func writeListString(_ value: String) {
        let utf8 = Array(value.utf8)
        writeVarint(UInt64(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    /// Ends the top-level struct this writer holds.
    mutating func writeStop() {
        bytes.append(0)
    }

    private mutating func writeStructBody(_ body: (inout ThriftCompactWriter) -> Void) {
        enclosingFieldIDs.append(lastFieldID)
        lastFieldID = 0
        body(&self)
        bytes.append(0)
        lastFieldID = enclosingFieldIDs.removeLast()
    }

    private mutating func writeFieldHeader(_ id: Int16, _ type: ThriftType) {
        let delta = id - lastFieldID
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            writeVarint(zigzag(Int64(id)))
        }
        lastFieldID = id
    }

    private mutating func writeVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    private func zigzag(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }
}
