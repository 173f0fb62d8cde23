extension ColumnNaming {
    /// The prefix a property column gets when its name is taken by the table's standard
    /// columns or reserved namespaces (`properties.id` → `property_id`).
    public static let propertyPrefix = "property_"

    /// The prefix a trait column gets in the same case (`traits.user_id` → `trait_user_id`).
    public static let traitPrefix = "trait_"

    /// The column name a flattened field asks for, before collisions with other fields of
    /// the same table are resolved (see `TableSchemaBuilder`).
    ///
    /// The payload key (`properties` or `traits`, `TableKind.payloadKey`) is dropped and the
    /// remaining keys are joined with `_` and converted to snake case; `context` keys keep
    /// their `context` prefix (`context.page.url` → `context_page_url`); a payload that is
    /// not an object, whose path is the payload key alone, is named by that key. Then:
    /// 1. a payload column whose name is a standard column of the table, or starts with the
    ///    reserved `context_` or `sluice_`, or is a partition key (`day`, `hr`), gets
    ///    `property_` or `trait_` in front;
    /// 2. a DuckDB or Spark reserved word gets `_` behind (`order` → `order_`), so every
    ///    column can be queried unquoted;
    /// 3. a name starting with a digit gets `_` in front (`2fa` → `_2fa`);
    /// 4. an empty name (a key of symbols or non-Latin script only) is `_` and the stable hash
    ///    of the dotted source path;
    /// 5. a name longer than `maxColumnNameLength` is cut and ends in `_` and that hash.
    public static func baseName(forSourcePath path: [String], kind: TableKind) -> String {
        let (keys, collisionPrefix) = namedKeys(of: path, kind: kind)
        var name = snakeCase(keys.joined(separator: "_"))
        if let collisionPrefix, isReservedForStandardColumns(name, kind: kind) {
            name = collisionPrefix + name
        }

        if ReservedWords.sql.contains(name) { name += "_" }
        if let first = name.utf8.first, isDigit(first) { name = "_" + name }
        if name.isEmpty { name = "_" + StableHash.hex8(SourcePath.dotted(path)) }
        return limitedLength(name, hashing: SourcePath.dotted(path))
    }

    /// Whether the keys of `path` (after the payload key), joined with `_`, are already in
    /// snake case, so conversion leaves them as written: such a path wins a collision over
    /// paths that only convert to the same name, so `properties.user_name` keeps
    /// `user_name` ahead of `properties.userName`.
    static func isAlreadySnakeCase(_ path: [String], kind: TableKind) -> Bool {
        let joined = namedKeys(of: path, kind: kind).keys.joined(separator: "_")
        return snakeCase(joined) == joined
    }

    /// `name` cut to `maxColumnNameLength` with a stable hash of `source` at its end, or
    /// `name` itself when it is short enough.
    static func limitedLength(_ name: String, hashing source: String) -> String {
        guard name.utf8.count > maxColumnNameLength else { return name }
        return String(name.prefix(maxColumnNameLength - 9)) + "_" + StableHash.hex8(source)
    }

    private static func namedKeys(
        of path: [String], kind: TableKind
    ) -> (keys: ArraySlice<String>, collisionPrefix: String?) {
        // A whole payload that is not an object is named by its own key (`properties`).
        guard let first = path.first, first == kind.payloadKey, path.count > 1 else {
            return (path[...], nil)
        }
        let prefix = first == "traits" ? traitPrefix : propertyPrefix
        return (path.dropFirst(), prefix)
    }

    /// The Hive partition keys the job writes (`day=`, `hr=`): a column of that name would be
    /// hidden by the partition value in readers that add partition columns.
    public static let partitionColumnNames: Set<String> = ["day", "hr"]

    private static func isReservedForStandardColumns(_ name: String, kind: TableKind) -> Bool {
        if StandardColumns.names(for: kind).contains(name) { return true }
        if partitionColumnNames.contains(name) { return true }
        return name.hasPrefix("context_") || name.hasPrefix("sluice_")
    }
}
