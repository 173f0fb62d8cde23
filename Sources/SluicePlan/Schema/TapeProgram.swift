// JSON Schema draft-07 validation (sections 6.1-6.7, core 4.3.2 and 8.3) in the form a tape
// probe runs: the compiled `SchemaNode` graph flattened into plain instructions.
import SluiceJSON

/// A compiled schema flattened for `TapeProbe`: every node's keywords as instructions in one
/// buffer and every subschema named by its node number, so probing an instance walks plain
/// values and never retains or releases a node, an array or a keyword payload.
///
/// Built once from a finished `SchemaNode` graph and never changed, so it may be read from
/// many threads at once. It owns its buffers and frees them when released; a probe holds
/// copies of the buffer pointers, so the `JSONSchema` holding the program must outlive it.
/// Payloads that are not plain values (enum and const options, regexes, `multipleOf`
/// divisors, the tree's nodes and property checks) live in `details`, read only when their
/// instruction runs.
///
/// The tree (`SchemaNode.validate`) stays the reference: every instruction gives exactly
/// the verdict of the keyword it came from, and runs that keyword on a built value where
/// the tape cannot decide exactly (`TapeProbe.treeCheck`).
final class TapeProgram: @unchecked Sendable {
    /// Node n runs `instructions[nodes[n].start..<nodes[n].end]`; `true` schemas and
    /// schemas without checks run none, the `false` schema runs `.never`.
    let nodes: UnsafeMutableBufferPointer<TapeNode>
    let instructions: UnsafeMutableBufferPointer<TapeInstruction>

    /// Node numbers of the schema lists of `allOf`, `anyOf`, `oneOf` and `items` arrays.
    let lists: UnsafeMutableBufferPointer<Int32>

    /// Declared member names of `properties` and `required`, as UTF-8 slices of `names`.
    let members: UnsafeMutableBufferPointer<TapeMember>
    let names: UnsafeMutableBufferPointer<UInt8>

    /// For member i, `JSONTape.keyHash(of:)` of its name: a key token carries the same hash
    /// of its decoded text, so a key is told apart from most names without reading bytes.
    let memberHashes: UnsafeMutableBufferPointer<UInt64>

    /// The operands of `.properties`, `.minimum` and `.maximum`, too large to keep every
    /// instruction small.
    let properties: UnsafeMutableBufferPointer<TapeProperties>
    let bounds: UnsafeMutableBufferPointer<TapeBound>

    /// For `properties[p]`, 64 entries from `properties[p].buckets`, one per `hashBit`: 0 when
    /// no named member's hash falls there, the member's offset in `named` plus one when only
    /// one does and the names are few enough to be scanned, else `TapeProperties.sharedBucket`.
    let buckets: UnsafeMutableBufferPointer<UInt8>

    /// For `details.options[k]`, the members holding the UTF-8 of its string options, so a
    /// string token is compared with bytes made once instead of with each `String`.
    let enums: UnsafeMutableBufferPointer<TapeSlice>

    /// For `details.checks[k]`, its index's name bytes, read without retaining the index
    /// (which `details` keeps alive, and with it these bytes).
    let memberTables: UnsafeMutableBufferPointer<MemberBytes>

    let details: TapeDetails

    /// The number of the schema's root node.
    let root: Int32

    init(_ builder: TapeProgramBuilder) {
        nodes = Self.copy(builder.nodes)
        instructions = Self.copy(builder.instructions)
        lists = Self.copy(builder.lists)
        members = Self.copy(builder.members)
        names = Self.copy(builder.names)
        memberHashes = Self.copy(
            builder.names.withUnsafeBytes { utf8 in
                builder.members.map { member in
                    let start = Int(member.start)
                    let name = UnsafeRawBufferPointer(
                        rebasing: utf8[start..<start + Int(member.length)])
                    return JSONTape.keyHash(of: name)
                }
            })
        properties = Self.copy(builder.properties)
        buckets = Self.copy(builder.buckets)
        bounds = Self.copy(builder.bounds)
        enums = Self.copy(builder.enums)
        memberTables = Self.copy(builder.details.checks.map(\.index.bytes))
        details = builder.details
        root = builder.root
    }

    deinit {
        nodes.deallocate()
        instructions.deallocate()
        lists.deallocate()
        members.deallocate()
        names.deallocate()
        memberHashes.deallocate()
        properties.deallocate()
        buckets.deallocate()
        bounds.deallocate()
        enums.deallocate()
        memberTables.deallocate()
    }

    /// A buffer holding `values`; never empty, so its base address is never `nil`.
    private static func copy<Value>(_ values: [Value]) -> UnsafeMutableBufferPointer<Value> {
        let buffer = UnsafeMutableBufferPointer<Value>.allocate(capacity: max(values.count, 1))
        _ = buffer.initialize(from: values)
        return buffer
    }
}

/// Where one node's instructions sit in `TapeProgram.instructions`.
struct TapeNode {
    var start: Int32
    var end: Int32

    /// Whether the node accepts every instance without checking anything.
    var acceptsAnything: Bool { start == end }
}

/// A declared member name: `length` UTF-8 bytes at `start` of `TapeProgram.names`, with the
/// node that checks its value (`properties`) or -1 (`required`).
struct TapeMember {
    var start: Int32
    var length: Int32
    var node: Int32

    /// For a `required` name folded into `TapeProperties`, the position among its named
    /// members of the one with the same bytes; -1 for none.
    var match: Int32 = -1
}

/// A run of `count` entries from `start` of one of `TapeProgram`'s buffers.
struct TapeSlice {
    var start: Int32
    var count: Int32
}

/// A `minimum`, `maximum`, `exclusiveMinimum` or `exclusiveMaximum` bound: its limit as an
/// `Int64` when it is one, so an integer token compares without building a `JSONNumber`, and
/// as the `JSONNumber.double` that `JSONNumber.compare(to:)` would read for it.
struct TapeBound {
    var int64: Int64
    var double: Double
    var isInt64: Bool
    var isExclusive: Bool
    /// The limit as the schema wrote it, for ties of the nearest doubles.
    var text: String
}

/// The object keywords `properties`, `patternProperties` and `additionalProperties` of one
/// node: its named members (with their nodes), the patterns (`TapeDetails.patterns`), the
/// `additionalProperties` node or -1; `checks` is the tree's form, used when the names are
/// too many for a scan.
struct TapeProperties {
    var named: TapeSlice
    var patterns: TapeSlice
    var additional: Int32
    var checks: Int32

    /// `hashBit` of every named member's name, or-ed together: a key whose bit is clear
    /// names none of them, and a key token carries its hash, so most undeclared keys are
    /// passed over without reading their bytes.
    var nameFilter: UInt64

    /// The node's `required` names when folded in here, else empty.
    var required: TapeSlice

    /// Where this table's 64 entries start in `TapeProgram.buckets`.
    var buckets: Int32

    /// A `TapeProgram.buckets` entry for a bucket that several names share, or any bucket of
    /// a table of more names than a scan takes: the key is looked up the general way.
    static let sharedBucket = UInt8.max

    /// The bit of a name of `length` bytes; lengths from 63 on share the top bit.
    static func lengthBit(_ length: Int) -> UInt64 { 1 << UInt64(min(length, 63)) }

    /// The bit of a name whose `JSONTape.keyHash(of:)` is `hash`: its top six bits.
    @inline(__always)
    static func hashBit(_ hash: UInt64) -> UInt64 { 1 &<< (hash &>> 58) }
}

/// A `dependencies` entry: when member `key` (of `TapeProgram.members`) is present, the
/// `required` members must be too and the instance must be valid against `node` (or -1).
struct TapeDependency {
    var key: Int32
    var required: TapeSlice
    var node: Int32
}

/// One keyword of one node, with its operands as plain values; 16 bytes, so a node's
/// instructions share cache lines. Node operands are node numbers, -1 meaning none;
/// `bound` indexes `TapeProgram.bounds`, the operand of `.properties` indexes
/// `TapeProgram.properties`, and other `Int32` operands index `TapeDetails`.
enum TapeInstruction {
    case never
    case type(JSONTypeSet)
    case enumeration(Int32)
    case constant(Int32)
    case multipleOf(Int32)
    case minimum(bound: Int32)
    case maximum(bound: Int32)
    case minLength(Int)
    case maxLength(Int)
    case pattern(Int32)
    case format(SchemaFormat)
    case items(node: Int32)
    case tupleItems(TapeSlice, additional: Int32)
    case minItems(Int)
    case maxItems(Int)
    case contains(node: Int32)
    case properties(Int32)
    case required(TapeSlice)
    case minProperties(Int)
    case maxProperties(Int)
    case propertyNames(node: Int32)
    case dependencies(Int32)
    case allOf(TapeSlice)
    case anyOf(TapeSlice)
    case oneOf(TapeSlice)
    case not(node: Int32)
    case conditional(if: Int32, then: Int32, else: Int32)
    case ref(node: Int32)
    /// A keyword the probe always runs the tree's way (`uniqueItems`).
    case tree
}

/// The payloads of `TapeProgram` that are not plain values, and the way back to the tree.
struct TapeDetails: Sendable {
    var options: [[JSONValue]] = []
    var divisors: [JSONNumber] = []
    var patterns: [(pattern: ECMARegex, node: Int32)] = []
    var regexes: [ECMARegex] = []
    var checks: [PropertyChecks] = []
    var dependencies: [[TapeDependency]] = []

    /// For member i of `TapeProgram.members`, its name, for keys compared as `String`s.
    var memberNames: [String] = []

    /// For instruction i, the node and keyword position it came from, to run it the tree's
    /// way (`TapeProbe.treeCheck`), and the position of a keyword folded into it or -1.
    var origins: [(node: SchemaNode, keyword: Int, also: Int)] = []
}
