// parquet-format README "Nested Encoding": each leaf column stores, per value slot, a
// repetition level (at which repeated ancestor a new element starts; 0 = a new record) and a
// definition level (how many optional or repeated ancestors, itself included, are present);
// a value is stored only when the definition level is the column's maximum.

/// One leaf column of a nested schema, striped: its levels and present values.
struct NestedColumn {
    var path: [String]
    var type: ParquetNestedLeafType
    var maxDefinitionLevel: Int
    var maxRepetitionLevel: Int
    var repetitionLevels: [UInt8] = []
    var definitionLevels: [UInt8] = []
    var values: [ParquetNestedValue] = []

    mutating func append(repetition: Int, definition: Int, _ value: ParquetNestedValue?) {
        repetitionLevels.append(UInt8(repetition))
        definitionLevels.append(UInt8(definition))
        if let value { values.append(value) }
    }
}

/// Splits records of a nested schema into leaf columns (the Dremel "shredding").
struct NestedStriper {
    let fields: [ParquetNestedNode]
    private(set) var columns: [NestedColumn] = []

    init(fields: [ParquetNestedNode]) {
        self.fields = fields
        for field in fields { addColumns(field, path: [], definition: 0, repetition: 0) }
    }

    private mutating func addColumns(
        _ node: ParquetNestedNode, path: [String], definition: Int, repetition: Int
    ) {
        let definition = definition + (node.repetition == .required ? 0 : 1)
        let repetition = repetition + (node.repetition == .repeated ? 1 : 0)
        switch node {
        case .leaf(let name, let type, _):
            columns.append(
                NestedColumn(
                    path: path + [name], type: type, maxDefinitionLevel: definition,
                    maxRepetitionLevel: repetition))
        case .group(let name, _, _, let children):
            for child in children {
                addColumns(
                    child, path: path + [name], definition: definition, repetition: repetition)
            }
        }
    }

    /// Appends one record: one value per top-level field.
    ///
    /// - Precondition: `record` matches the schema (a required node is never `null`).
    mutating func append(_ record: [ParquetNestedValue]) {
        precondition(
            record.count == fields.count,
            "record of \(record.count) values for \(fields.count) fields")
        var column = 0
        for (field, value) in zip(fields, record) {
            stripe(field, value, repetition: 0, definition: 0, repetitionDepth: 0, column: &column)
        }
    }

    /// Writes `value` of `node` into the node's leaf columns starting at `column`, which
    /// ends past them.
    private mutating func stripe(
        _ node: ParquetNestedNode, _ value: ParquetNestedValue, repetition: Int, definition: Int,
        repetitionDepth: Int, column: inout Int
    ) {
        let leaves = node.leafCount
        switch (node.repetition, value) {
        case (.optional, .null), (.repeated, .list([])):
            for index in column..<(column + leaves) {
                columns[index].append(repetition: repetition, definition: definition, nil)
            }
            column += leaves
        case (.repeated, .list(let elements)):
            let start = column
            for (index, element) in elements.enumerated() {
                column = start
                let level = index == 0 ? repetition : repetitionDepth + 1
                present(
                    node, element, repetition: level, definition: definition + 1,
                    depth: repetitionDepth + 1, column: &column)
            }
        case (.required, _):
            present(
                node, value, repetition: repetition, definition: definition, depth: repetitionDepth,
                column: &column)
        default:
            present(
                node, value, repetition: repetition, definition: definition + 1,
                depth: repetitionDepth, column: &column)
        }
    }

    /// Writes a present value of `node` (a scalar for a leaf, `.group` for a group).
    private mutating func present(
        _ node: ParquetNestedNode, _ value: ParquetNestedValue, repetition: Int, definition: Int,
        depth: Int,
        column: inout Int
    ) {
        switch (node, value) {
        case (.leaf, _):
            precondition(!isNull(value), "null for a present leaf \(node.name)")
            columns[column].append(repetition: repetition, definition: definition, value)
            column += 1
        case (.group(_, _, _, let children), .group(let childValues)):
            precondition(children.count == childValues.count, "group \(node.name) value count")
            // Every leaf column records the element's repetition level on its own.
            for (child, childValue) in zip(children, childValues) {
                stripe(
                    child, childValue, repetition: repetition, definition: definition,
                    repetitionDepth: depth, column: &column)
            }
        default:
            preconditionFailure("value \(value) does not match group \(node.name)")
        }
    }

    private func isNull(_ value: ParquetNestedValue) -> Bool {
        if case .null = value { return true }
        return false
    }
}
