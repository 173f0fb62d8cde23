import SluiceJSON

/// The state of one probe of a tape against a `TapeProgram`: the tape, its bytes, the
/// program's buffers and the `$ref` depth, as `ValidationRun` keeps it for a probing run over
/// a tree.
///
/// Borrows `bytes` and the program for its lifetime only; the caller keeps both alive and
/// unchanged. One probe per call, used from one thread. Its methods do not mutate it, so
/// a call borrows it instead of copying it (a mutating caller would copy it for each
/// non-mutating callee). The program's buffers are copied into the probe once, so reading
/// an instruction costs one load instead of two through the program.
struct TapeProbe {
    let tape: JSONTape
    let bytes: UnsafeRawBufferPointer
    let nodes: UnsafeMutableBufferPointer<TapeNode>
    let instructions: UnsafeMutableBufferPointer<TapeInstruction>
    let lists: UnsafeMutableBufferPointer<Int32>
    let members: UnsafeMutableBufferPointer<TapeMember>
    let names: UnsafeMutableBufferPointer<UInt8>
    let memberHashes: UnsafeMutableBufferPointer<UInt64>
    let properties: UnsafeMutableBufferPointer<TapeProperties>
    let buckets: UnsafeMutableBufferPointer<UInt8>
    let bounds: UnsafeMutableBufferPointer<TapeBound>
    let enums: UnsafeMutableBufferPointer<TapeSlice>
    let memberTables: UnsafeMutableBufferPointer<MemberBytes>
    unowned(unsafe) let program: TapeProgram
    var referenceDepth = 0

    init(tape: JSONTape, bytes: UnsafeRawBufferPointer, program: TapeProgram) {
        (self.tape, self.bytes, self.program) = (tape, bytes, program)
        (nodes, instructions, lists) = (program.nodes, program.instructions, program.lists)
        (members, names, memberHashes) = (program.members, program.names, program.memberHashes)
        (properties, bounds, enums) = (program.properties, program.bounds, program.enums)
        (memberTables, buckets) = (program.memberTables, program.buckets)
    }

    /// Runs instruction i the tree's way on the subtree at t, built as a `JSONValue`: the
    /// path for what the tape cannot decide cheaply or exactly (repeated keys, `enum` of
    /// containers, `uniqueItems`).
    func treeCheck(_ i: Int, _ t: Int) -> Bool {
        let (node, keyword, also) = program.details.origins[i]
        let value = tape.value(t, in: bytes)
        var run = ValidationRun(isCollecting: false, referenceDepth: referenceDepth)
        guard node.check(node.keywords[keyword], value, &run) else { return false }
        return also < 0 || node.check(node.keywords[also], value, &run)
    }

    /// Whether the types admit token t; `integer` admits `1.0`, as `JSONTypeSet.admits`.
    @inline(__always)
    func admits(_ types: JSONTypeSet, _ t: Int) -> Bool {
        let kind = tape.kind(t)
        let type = UInt8(truncatingIfNeeded: Self.kindTypes &>> (8 &* UInt64(kind.rawValue)))
        if types.rawValue & type != 0 { return true }
        guard kind == .number, types.contains(.integer) else { return false }
        return tape.int64(t) != nil || tape.number(t, in: bytes).isMathematicalInteger
    }

    /// The `JSONTypeSet` bit of each `JSONTape.Kind`, one byte each in the kinds' order (null,
    /// boolean, number, string, array, object), so a type check is a shift and a mask
    /// instead of a switch; a number token's bit is `number`, `integer` is checked apart.
    private static var kindTypes: UInt64 { 0x40_20_10_08_02_01 }

    /// Whether scalar token t is schema-equal (`JSONValue.isSchemaEqual`) to one of the
    /// options of `details.options[k]`; `nil` for containers, which the caller builds
    /// instead. A string without escapes is compared with the options' bytes.
    func isAmong(_ k: Int, _ t: Int) -> Bool? {
        guard tape.kind(t) == .string, !tape.hasEscapes(t) else {
            return isAmong(program.details.options[k], t)
        }
        let raw = tape.rawBytes(t, in: bytes)
        for m in slice(enums[k]) where JSONTape.bytesEqual(name(m), raw) { return true }
        return false
    }

    /// Whether scalar token t is schema-equal (`JSONValue.isSchemaEqual`) to one of
    /// `options`; `nil` for containers, which the caller builds instead.
    func isAmong(_ options: [JSONValue], _ t: Int) -> Bool? {
        switch tape.kind(t) {
        case .array, .object:
            return nil
        case .number:
            // Read the number once, not once per option.
            let number = tape.number(t, in: bytes)
            return options.contains { option in
                guard case .number(let other) = option else { return false }
                return other.isNumericallyEqual(to: number)
            }
        case .null, .bool, .string:
            return options.contains { isSchemaEqual($0, t) == true }
        }
    }

    /// Whether scalar token t is schema-equal to `option`; `nil` for containers.
    func isSchemaEqual(_ option: JSONValue, _ t: Int) -> Bool? {
        switch (option, tape.kind(t)) {
        case (_, .array), (_, .object): return nil
        case (.null, .null): return true
        case (.bool(let bool), .bool): return bool == tape.bool(t)
        case (.string(let text), .string): return tape.equals(t, text, in: bytes)
        case (.number(let number), .number):
            return number.isNumericallyEqual(to: tape.number(t, in: bytes))
        default: return false
        }
    }

    /// The Unicode scalar count of string token t, which is what `minLength` and
    /// `maxLength` count.
    func scalarCount(_ t: Int) -> Int {
        guard !tape.hasEscapes(t) else { return tape.string(t, in: bytes).unicodeScalars.count }
        var count = 0
        for byte in tape.rawBytes(t, in: bytes) where byte & 0xC0 != 0x80 { count += 1 }
        return count
    }
}
