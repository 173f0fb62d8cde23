/// Finds a table's column by source path or name in constant time.
///
/// Built once per table and run from the finished `TableSchema`; immutable, so it may be
/// shared between threads.
public struct ColumnLookup: Sendable {
    private let indexBySourcePath: [String: Int]
    private let indexByName: [String: Int]

    public init(_ schema: TableSchema) {
        var byPath: [String: Int] = [:]
        var byName: [String: Int] = [:]
        for (index, column) in schema.columns.enumerated() {
            byName[column.name] = index
            for path in column.sourcePaths { byPath[path] = index }
        }
        indexBySourcePath = byPath
        indexByName = byName
    }

    /// The column holding values of the dotted source path (see `SourcePath`).
    public func columnIndex(forSourcePath path: String) -> Int? {
        indexBySourcePath[path]
    }

    /// The column holding values of the source path given as keys.
    public func columnIndex(forSourcePath path: [String]) -> Int? {
        indexBySourcePath[SourcePath.dotted(path)]
    }

    /// The column named `name`.
    public func columnIndex(named name: String) -> Int? {
        indexByName[name]
    }
}
