import SluiceJSON

/// Flattens a finished `SchemaNode` graph into the buffers of a `TapeProgram`: node numbers
/// are arena positions, and each node's instructions keep the order of its keywords.
///
/// Used once per `JSONSchema.init`, on one thread.
struct TapeProgramBuilder {
    private(set) var nodes: [TapeNode] = []
    private(set) var instructions: [TapeInstruction] = []
    private(set) var lists: [Int32] = []
    private(set) var members: [TapeMember] = []
    private(set) var names: [UInt8] = []
    private(set) var properties: [TapeProperties] = []
    private(set) var bounds: [TapeBound] = []
    private(set) var enums: [TapeSlice] = []
    private(set) var buckets: [UInt8] = []
    private(set) var details = TapeDetails()
    private(set) var root: Int32 = 0
    private let numbers: [ObjectIdentifier: Int32]

    /// - Precondition: `arena` holds every node reachable from its nodes, `$ref` targets too.
    init(arena: [SchemaNode], root: SchemaNode) {
        var numbers: [ObjectIdentifier: Int32] = [:]
        for (number, node) in arena.enumerated() { numbers[ObjectIdentifier(node)] = Int32(number) }
        self.numbers = numbers
        self.root = number(root)

        for node in arena {
            let start = Int32(instructions.count)
            if node.rejectsEverything { append(.never, from: node, keyword: -1) }
            if !node.acceptsAnything && !node.rejectsEverything { appendKeywords(of: node) }
            nodes.append(TapeNode(start: start, end: Int32(instructions.count)))
        }
    }

    /// Appends the node's instructions; a `required` beside a scanned `properties` folds
    /// into it, so the names the member pass matches need no second pass over the keys.
    private mutating func appendKeywords(of node: SchemaNode) {
        let fused = Self.fusedRequired(node.keywords)
        for (position, keyword) in node.keywords.enumerated() where position != fused?.required {
            guard let fused, position == fused.properties, case .properties(let checks) = keyword,
                case .required(let names) = node.keywords[fused.required]
            else {
                append(instruction(keyword), from: node, keyword: position)
                continue
            }
            let folded = properties(checks, required: names)
            append(.properties(folded), from: node, keyword: position, also: fused.required)
        }
    }

    /// The positions of `required` and `properties` when a node has both and the named
    /// members are few enough to be scanned (and so to fit a 64-bit mask of matches).
    private static func fusedRequired(_ keywords: [SchemaKeyword]) -> (
        required: Int, properties: Int
    )? {
        let required = keywords.firstIndex {
            if case .required = $0 { return true } else { return false }
        }
        let properties = keywords.firstIndex {
            guard case .properties(let checks) = $0 else { return false }
            return checks.named.count <= MemberIndex.linearScanLimit
        }
        guard let required, let properties else { return nil }
        return (required, properties)
    }

    private mutating func append(
        _ instruction: TapeInstruction, from node: SchemaNode, keyword: Int, also: Int = -1
    ) {
        instructions.append(instruction)
        details.origins.append((node, keyword, also))
    }

    private func number(_ node: SchemaNode?) -> Int32 {
        guard let node else { return -1 }
        guard let number = numbers[ObjectIdentifier(node)] else {
            preconditionFailure("the schema node at '\(node.location)' is not in the arena")
        }
        return number
    }

    private mutating func instruction(_ keyword: SchemaKeyword) -> TapeInstruction {
        switch keyword {
        case .type(let types): return .type(types)
        case .enumeration(let options): return .enumeration(add(options))
        case .constant(let constant): return .constant(add([constant]))
        case .multipleOf(let divisor): return .multipleOf(add(divisor))
        case .minimum(let limit): return .minimum(bound: bound(limit))
        case .maximum(let limit): return .maximum(bound: bound(limit))
        case .minLength(let limit): return .minLength(limit)
        case .maxLength(let limit): return .maxLength(limit)
        case .pattern(let regex):
            details.regexes.append(regex)
            return .pattern(Int32(details.regexes.count - 1))
        case .format(let format): return .format(format)
        default: return structureInstruction(keyword)
        }
    }

    private mutating func structureInstruction(_ keyword: SchemaKeyword) -> TapeInstruction {
        switch keyword {
        case .items(let schema): return .items(node: number(schema))
        case .tupleItems(let schemas, let additional):
            return .tupleItems(list(schemas), additional: number(additional))
        case .minItems(let limit): return .minItems(limit)
        case .maxItems(let limit): return .maxItems(limit)
        case .contains(let schema): return .contains(node: number(schema))
        case .properties(let checks): return .properties(properties(checks, required: []))
        case .required(let required): return .required(memberSlice(required.map { ($0, nil) }))
        case .minProperties(let limit): return .minProperties(limit)
        case .maxProperties(let limit): return .maxProperties(limit)
        case .propertyNames(let schema): return .propertyNames(node: number(schema))
        case .dependencies(let entries): return .dependencies(dependencies(entries))
        default: return combinatorInstruction(keyword)
        }
    }

    private mutating func combinatorInstruction(_ keyword: SchemaKeyword) -> TapeInstruction {
        switch keyword {
        case .allOf(let schemas): return .allOf(list(schemas))
        case .anyOf(let schemas): return .anyOf(list(schemas))
        case .oneOf(let schemas): return .oneOf(list(schemas))
        case .not(let schema): return .not(node: number(schema))
        case .conditional(let condition, let then, let otherwise):
            return .conditional(if: number(condition), then: number(then), else: number(otherwise))
        case .ref(let reference): return .ref(node: number(reference.target))
        default: return .tree
        }
    }

    /// Adds an `enum` or `const` list, with the UTF-8 of its strings in program members.
    private mutating func add(_ options: [JSONValue]) -> Int32 {
        details.options.append(options)
        let strings = options.compactMap { option -> (String, SchemaNode?)? in
            guard case .string(let text) = option else { return nil }
            return (text, nil)
        }
        enums.append(memberSlice(strings))
        return Int32(details.options.count - 1)
    }

    private mutating func add(_ divisor: JSONNumber) -> Int32 {
        details.divisors.append(divisor)
        return Int32(details.divisors.count - 1)
    }

    private mutating func bound(_ bound: NumericBound) -> Int32 {
        let int64 = bound.limit.int64
        bounds.append(
            TapeBound(
                int64: int64 ?? 0, double: bound.limit.double, isInt64: int64 != nil,
                isExclusive: bound.isExclusive, text: bound.limit.text))
        return Int32(bounds.count - 1)
    }

    private mutating func list(_ schemas: [SchemaNode]) -> TapeSlice {
        let start = Int32(lists.count)
        lists += schemas.map { number($0) }
        return TapeSlice(start: start, count: Int32(schemas.count))
    }

    /// Appends the names (and their nodes) to `members`, in order.
    private mutating func memberSlice(_ entries: [(name: String, node: SchemaNode?)]) -> TapeSlice {
        let start = Int32(members.count)
        for (name, node) in entries {
            let utf8 = Array(name.utf8)
            members.append(
                TapeMember(start: Int32(names.count), length: Int32(utf8.count), node: number(node))
            )
            names += utf8
            details.memberNames.append(name)
        }
        return TapeSlice(start: start, count: Int32(entries.count))
    }

    /// The table of `checks`, with `required` names folded in: each knows the position of
    /// the named member with its very bytes, or -1.
    private mutating func properties(_ checks: PropertyChecks, required: [String]) -> Int32 {
        let named = memberSlice(checks.named.map { ($0.key, $0.schema) })
        let folded = memberSlice(required.map { ($0, nil) })
        for (offset, name) in required.enumerated() {
            let match = checks.named.firstIndex { $0.key.utf8.elementsEqual(name.utf8) }
            members[Int(folded.start) + offset].match = Int32(match ?? -1)
        }

        let start = Int32(details.patterns.count)
        details.patterns += checks.patterns.map { ($0.pattern, number($0.schema)) }
        details.checks.append(checks)
        let hashes = checks.named.map { Array($0.key.utf8).withUnsafeBytes(JSONTape.keyHash) }
        let nameFilter = hashes.reduce(UInt64(0)) { $0 | TapeProperties.hashBit($1) }
        let table = Int32(buckets.count)
        buckets += Self.buckets(hashes)
        properties.append(
            TapeProperties(
                named: named,
                patterns: TapeSlice(start: start, count: Int32(checks.patterns.count)),
                additional: number(checks.additional), checks: Int32(details.checks.count - 1),
                nameFilter: nameFilter, required: folded, buckets: table))
        return Int32(properties.count - 1)
    }

    /// The 64 `TapeProgram.buckets` entries of names with these hashes, by `hashBit`.
    private static func buckets(_ hashes: [UInt64]) -> [UInt8] {
        var table = [UInt8](repeating: 0, count: 64)
        let isScanned = hashes.count <= MemberIndex.linearScanLimit
        for (offset, hash) in hashes.enumerated() {
            let bucket = Int(hash &>> 58)
            let isAlone = table[bucket] == 0 && isScanned
            table[bucket] = isAlone ? UInt8(offset + 1) : TapeProperties.sharedBucket
        }
        return table
    }

    private mutating func dependencies(
        _ entries: [(key: String, dependency: SchemaDependency)]
    ) -> Int32 {
        var compiled: [TapeDependency] = []
        for (key, dependency) in entries {
            let key = memberSlice([(key, nil)]).start
            switch dependency {
            case .members(let required):
                let slice = memberSlice(required.map { ($0, nil) })
                compiled.append(TapeDependency(key: key, required: slice, node: -1))
            case .schema(let schema):
                let empty = TapeSlice(start: 0, count: 0)
                compiled.append(TapeDependency(key: key, required: empty, node: number(schema)))
            }
        }
        details.dependencies.append(compiled)
        return Int32(details.dependencies.count - 1)
    }
}
