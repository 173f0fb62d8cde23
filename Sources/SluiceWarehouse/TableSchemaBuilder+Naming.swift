extension TableSchemaBuilder {
    /// The column names of `paths` (new source paths, sorted by dotted path), parallel to
    /// it, none of them in `taken`, by the collision rule on the type.
    func resolveNames(_ paths: [[String]], taken: Set<String>) -> [String] {
        let wanted = paths.map { ColumnNaming.baseName(forSourcePath: $0, kind: kind) }
        var names = [String?](repeating: nil, count: paths.count)
        var used = taken

        // Plain names first, so a later numbered name never takes a plain name from a path
        // that asks for it (`a_2` keeps `a_2` even when two paths ask for `a`).
        let claimants = Dictionary(grouping: paths.indices, by: { wanted[$0] })
        for (name, indices) in claimants where !used.contains(name) {
            let winner = indices.min { isPreferred(paths[$0], over: paths[$1]) }!
            names[winner] = name
        }
        for name in names.compactMap({ $0 }) { used.insert(name) }

        for index in paths.indices where names[index] == nil {
            let name = numberedName(wanted[index], path: paths[index], avoiding: used)
            names[index] = name
            used.insert(name)
        }
        return names.map { $0! }
    }

    /// Rule 2: a path whose keys are already snake case, then the smaller dotted path.
    private func isPreferred(_ a: [String], over b: [String]) -> Bool {
        let aIsSnake = ColumnNaming.isAlreadySnakeCase(a, kind: kind)
        let bIsSnake = ColumnNaming.isAlreadySnakeCase(b, kind: kind)
        if aIsSnake != bIsSnake { return aIsSnake }
        return Array(SourcePath.dotted(a).utf8).lexicographicallyPrecedes(SourcePath.dotted(b).utf8)
    }

    /// Rule 3: `name_2`, `name_3`, ... the first not in `used`, cut to the length limit.
    private func numberedName(_ name: String, path: [String], avoiding used: Set<String>) -> String
    {
        var number = 2
        while true {
            let suffix = "_\(number)"
            let stem = ColumnNaming.limitedLength(name, hashing: SourcePath.dotted(path))
            let room = ColumnNaming.maxColumnNameLength - suffix.utf8.count
            let candidate = String(stem.prefix(room)) + suffix
            if !used.contains(candidate) { return candidate }
            number += 1
        }
    }
}
