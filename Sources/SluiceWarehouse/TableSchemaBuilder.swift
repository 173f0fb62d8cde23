/// Evolves one table's schema over one run: the prior night's columns stay as they are,
/// fields seen or declared for the first time are appended, and type conflicts are noted.
///
/// Use: `declare` the tracking plan's fields, `observe` the flattened fields of every event
/// of the table (types are inferred over the whole run, not from the first value), then
/// `finish` once. Column names follow `ColumnNaming.baseName(forSourcePath:kind:)`; when two
/// new source paths ask for one name, or a new path asks for a name already in the table,
/// the rule is:
/// 1. a name the table already has stays with its column (earlier nights win);
/// 2. among new paths asking for a free name, one whose keys are already snake case gets it
///    (`user_name` before `userName`), then the smallest dotted path in UTF-8 byte order;
/// 3. every other path gets the name with `_2`, `_3`, ... appended, the first that is free
///    once all plain names are given out; losers are numbered in dotted-path order.
/// Arrival order never matters, and a name once given is kept by the schema for good. No
/// value is dropped: every source path has its own column.
///
/// Not thread-safe: one builder per table, used from one thread at a time.
///
/// The builder itself does not cap the columns a table gains: a caller that must (a sender
/// writing ids as property names would add a column per id) gives it only the paths that
/// get columns and keeps the rest elsewhere, as the job's table stage does with its JSON
/// overflow column.
public final class TableSchemaBuilder {
    public let table: String
    public let kind: TableKind
    public let allowWidening: Bool

    private let prior: TableSchema?
    private var declaredTypes: [String: (path: [String], type: WarehouseType)] = [:]
    private var observedKinds: [String: (path: [String], kinds: ObservedKinds)] = [:]
    private let standardPaths: Set<String>

    /// Starts tonight's schema of `table` from `prior`, the schema of the last run (`nil`
    /// for a new table). With `allowWidening`, a column whose values no longer fit its type
    /// is widened along int64 → double → string instead of keeping its type.
    public init(table: String, kind: TableKind, prior: TableSchema?, allowWidening: Bool) {
        self.table = table
        self.kind = kind
        self.prior = prior
        self.allowWidening = allowWidening
        self.standardPaths = Set(StandardColumns.columns(for: kind).map(\.sourcePath))
    }

    /// Records the plan's declared types; a declaration without a type (see
    /// `DeclaredFieldType.warehouseType`) leaves its path to inference. A declared path
    /// under `context` or the table's payload gets a column even when no event of the run
    /// carries it; other declared paths (`userId`, `integrations`) are ignored, since
    /// standard columns have fixed types and other top-level members are not columns.
    public func declare(_ fields: [DeclaredFieldType]) {
        for field in fields {
            guard let first = field.sourcePath.first, field.sourcePath.count > 1,
                first == "context" || first == kind.payloadKey
            else { continue }
            guard let type = field.warehouseType else { continue }
            declaredTypes[SourcePath.dotted(field.sourcePath)] = (field.sourcePath, type)
        }
    }

    /// Records the kinds of value of one event's fields. Fields at a standard column's
    /// source path are ignored: standard columns have fixed types.
    public func observe(_ fields: [FlatField]) {
        for field in fields {
            let path = field.dottedPath
            if standardPaths.contains(path) { continue }

            let kinds = ObservedKinds(of: field.value)
            observedKinds[path, default: (field.sourcePath, [])].kinds.formUnion(kinds)
        }
    }

    /// Records kinds of value seen at one source path, for callers that tallied kinds
    /// themselves (the job counts them over compact rows). Same rules as `observe(_:)`.
    public func observe(sourcePath: [String], kinds: ObservedKinds) {
        let path = SourcePath.dotted(sourcePath)
        if standardPaths.contains(path) { return }
        if let seen = observedKinds[path] {
            observedKinds[path] = (seen.path, seen.kinds.union(kinds))
        } else {
            observedKinds[path] = (sourcePath, kinds)
        }
    }

    /// Tonight's schema and its changes against the prior one. `runId` is recorded on every
    /// column this run adds. Call once, after every `declare` and `observe`.
    public func finish(runId: String) -> (schema: TableSchema, changes: [SchemaChange]) {
        var columns = prior?.columns ?? []
        var changes: [SchemaChange] = []
        addMissingStandardColumns(to: &columns, runId: runId, changes: &changes)

        let lookup = ColumnLookup(TableSchema(table: table, kind: kind, columns: columns))
        var newPaths: [(dotted: String, path: [String], type: WarehouseType)] = []
        let paths = Set(declaredTypes.keys).union(observedKinds.keys)
        for dotted in paths.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let (path, type) = wantedType(of: dotted)
            guard let index = lookup.columnIndex(forSourcePath: dotted) else {
                newPaths.append((dotted, path, type))
                continue
            }
            reconcile(&columns[index], with: type, changes: &changes)
        }

        let names = resolveNames(newPaths.map(\.path), taken: Set(columns.map(\.name)))
        for (entry, name) in zip(newPaths, names) {
            let origin: WarehouseColumn.Origin =
                declaredTypes[entry.dotted] != nil ? .declared : .inferred
            columns.append(
                WarehouseColumn(
                    name: name, type: entry.type, sourcePaths: [entry.dotted], origin: origin,
                    addedInRun: runId))
            changes.append(.columnAdded(column: name, type: entry.type, sourcePath: entry.dotted))
        }
        return (TableSchema(table: table, kind: kind, columns: columns), changes)
    }

    private func addMissingStandardColumns(
        to columns: inout [WarehouseColumn], runId: String, changes: inout [SchemaChange]
    ) {
        let present = Set(columns.map(\.name))
        for standard in StandardColumns.columns(for: kind) where !present.contains(standard.name) {
            columns.append(
                WarehouseColumn(
                    name: standard.name, type: standard.type, sourcePaths: [standard.sourcePath],
                    origin: .standard, addedInRun: runId))
            changes.append(
                .columnAdded(
                    column: standard.name, type: standard.type, sourcePath: standard.sourcePath))
        }
    }

    /// The declared type of a path, else the type its observed values call for.
    private func wantedType(of dotted: String) -> (path: [String], type: WarehouseType) {
        if let declared = declaredTypes[dotted] { return (declared.path, declared.type) }
        let observed = observedKinds[dotted]!
        return (observed.path, observed.kinds.inferredType)
    }

    private func reconcile(
        _ column: inout WarehouseColumn, with wanted: WarehouseType, changes: inout [SchemaChange]
    ) {
        guard column.origin != .standard, !column.type.holds(wanted) else { return }
        if allowWidening, column.type.canWiden(to: wanted) {
            changes.append(.typeWidened(column: column.name, from: column.type, to: wanted))
            column.type = wanted
        } else {
            changes.append(.typeKept(column: column.name, established: column.type, wanted: wanted))
        }
    }
}
